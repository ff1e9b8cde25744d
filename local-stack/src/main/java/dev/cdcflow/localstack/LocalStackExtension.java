package dev.cdcflow.localstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link LocalStack} parameters with one stack per test JVM. The stack lives in the root context's store,
 * so JUnit closes it after the last test class, also when tests fail; the stack's shutdown hook covers a JVM that
 * exits early. Plugin folders come from the {@value LocalStack#PLUGINS_PROPERTY} system property.
 */
public final class LocalStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStack.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(LocalStack.class,
                key -> LocalStack.fromSystemProperties().build().start(), LocalStack.class);
    }
}
