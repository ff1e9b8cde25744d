package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/local-stack.md names exactly the template variables the stack fills and the secrets it resolves. */
@LocalStackTest
class LocalStackDocsTest {

    private static final Pattern NAME = Pattern.compile("`([A-Z0-9_]+)`");

    @Test
    void theDocsListTheTemplateVariablesAndSecrets(LocalStack stack) throws IOException {
        String doc = Files.readString(LocalStack.repositoryDir().resolve("docs/local-stack.md"));

        assertThat(namesBetween(doc, "template-variables")).isEqualTo(new TreeSet<>(stack.templateVariables()
                .keySet()));
        assertThat(namesBetween(doc, "stack-secrets")).isEqualTo(new TreeSet<>(StackSecrets.VALUES.keySet()));
    }

    private static Set<String> namesBetween(String doc, String marker) {
        String start = "<!-- " + marker + " -->";
        String section = doc.substring(doc.indexOf(start) + start.length(), doc.indexOf("<!-- /" + marker + " -->"));
        Set<String> names = new TreeSet<>();
        Matcher matcher = NAME.matcher(section);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
