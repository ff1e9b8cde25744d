package dev.cdcflow.localstack;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration test class that runs against the local stack. A {@link LocalStack} parameter (constructor,
 * lifecycle or test method) receives the stack, started once per test JVM and shared by every such class. The class
 * is tagged {@code integration}, so failsafe runs it and surefire does not.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
public @interface LocalStackTest {
}
