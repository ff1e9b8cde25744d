package dev.cdcflow.connectinit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the repository's Markdown files leads to a file of the repository, and every {@code #anchor}
 * to a heading of that file (as GitHub names headings): a doc that points at a file outside the repository, a renamed
 * file or a retitled section fails here.
 */
class DocumentationLinksTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*$", Pattern.MULTILINE);

    @Test
    void relativeLinksLeadToFilesAndHeadingsOfTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : markdownFiles()) {
            Matcher link = LINK.matcher(withoutCodeBlocks(Files.readString(doc)));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                String problem = problemOf(doc, target);
                if (problem != null) {
                    broken.add(REPO.relativize(doc) + ": (" + target + ") " + problem);
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    private static String problemOf(Path doc, String target) {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
        if (!resolved.startsWith(REPO)) {
            return "leads outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (hash >= 0 && resolved.toString().endsWith(".md")
                && !anchors(resolved).contains(target.substring(hash + 1))) {
            return "no such heading";
        }
        return null;
    }

    /** GitHub's anchors of a file's headings: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
    private static Set<String> anchors(Path doc) {
        Set<String> anchors = new HashSet<>();
        try {
            Matcher heading = HEADING.matcher(withoutCodeBlocks(Files.readString(doc)));
            while (heading.find()) {
                String anchor = heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-');
                String unique = anchor;
                for (int i = 1; anchors.contains(unique); i++) {
                    unique = anchor + "-" + i;
                }
                anchors.add(unique);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return anchors;
    }

    private static String withoutCodeBlocks(String markdown) {
        return markdown.replaceAll("(?s)```.*?```", "");
    }

    private static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> files = Files.walk(REPO)) {
            return files.filter(path -> path.toString().endsWith(".md"))
                    .filter(path -> REPO.relativize(path).toString().split("/").length > 0)
                    .filter(path -> Stream.of("target", ".git", "node_modules", ".mvn")
                            .noneMatch(skip -> REPO.relativize(path).startsWith(skip)
                                    || path.toString().contains("/target/")))
                    .sorted().toList();
        }
    }
}
