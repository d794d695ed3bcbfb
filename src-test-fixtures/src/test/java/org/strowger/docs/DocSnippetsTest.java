package org.strowger.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every java snippet in the docs is an excerpt of a class the build compiles (the demo package in benchmarks), so
 * the docs cannot show an API that does not exist. An excerpt is a run of consecutive lines of one file, compared
 * without leading or trailing white space; a line {@code // ...} in a snippet skips lines of the file. Also checks
 * that the relative links of README.md and these docs point to files that exist.
 */
class DocSnippetsTest {
    private static final Path ROOT = ReadmeExampleTest.ROOT;
    private static final List<String> DOCS = List.of("architecture.md", "threading-model.md", "spi-guide.md",
            "concept-map.md", "bridging-and-transfers.md", "dialing.md", "events-and-cdr.md", "operations.md",
            "load-driver.md", "reliability.md", "media.md");
    private static final Path SOURCES = ROOT.resolve("benchmarks/src/main/java/org/strowger/demo");
    private static final String ELISION = "// ...";
    /** Written by another part of the project; may not exist yet. */
    private static final String NOT_CHECKED = "benchmarks.md";
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

    @Test
    void everyJavaSnippetInTheDocsIsAnExcerptOfCompiledCode() throws IOException {
        List<List<String>> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                sources.add(ReadmeExampleTest.normalized(Files.readAllLines(p)));
            }
        }
        assertFalse(sources.isEmpty(), "no sources in " + SOURCES.toAbsolutePath());
        List<String> problems = new ArrayList<>();
        int snippets = 0;
        for (String doc : DOCS) {
            List<List<String>> blocks = ReadmeExampleTest.fencedBlocks(Files.readAllLines(ROOT.resolve("docs").resolve(doc)), "java");
            for (List<String> block : blocks) {
                snippets++;
                List<String> snippet = ReadmeExampleTest.normalized(block);
                if (sources.stream().noneMatch(src -> isExcerpt(snippet, src))) {
                    problems.add("docs/" + doc + ": this snippet is not an excerpt of any file in " + SOURCES
                            + ":\n" + String.join("\n", block));
                }
            }
        }
        assertTrue(snippets >= 10, "expected the docs to have java snippets, found " + snippets);
        assertEquals(List.of(), problems);
    }

    @Test
    void relativeLinksPointToExistingFiles() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        DOCS.forEach(d -> pages.add(ROOT.resolve("docs").resolve(d)));
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.contains("://") || target.endsWith(NOT_CHECKED)) {
                    continue;
                }
                if (!Files.exists(page.getParent().resolve(target))) {
                    broken.add(page.getFileName() + " -> " + target);
                }
            }
        }
        assertEquals(List.of(), broken, "broken relative links");
    }

    /** True if {@code snippet}, split at elision lines, occurs in {@code source} as consecutive runs, in order. */
    static boolean isExcerpt(List<String> snippet, List<String> source) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : snippet) {
            if (line.equals(ELISION)) {
                chunks.add(current);
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        chunks.add(current);
        int from = 0;
        for (List<String> chunk : chunks) {
            if (chunk.isEmpty()) {
                continue;
            }
            int at = indexOf(source, chunk, from);
            if (at < 0) {
                return false;
            }
            from = at + chunk.size();
        }
        return true;
    }

    private static int indexOf(List<String> source, List<String> chunk, int from) {
        for (int i = from; i + chunk.size() <= source.size(); i++) {
            if (source.subList(i, i + chunk.size()).equals(chunk)) {
                return i;
            }
        }
        return -1;
    }
}
