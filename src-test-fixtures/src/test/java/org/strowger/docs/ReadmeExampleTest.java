package org.strowger.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's embedding example is a copy of code the build compiles
 * ({@code benchmarks/src/main/java/org/strowger/demo/EmbeddingExample.java}, between the README-EXAMPLE markers),
 * so it cannot rot; and the README's test command is the one CI runs. Paths are relative to this module's directory,
 * which is surefire's working directory.
 */
class ReadmeExampleTest {
    static final Path ROOT = Path.of("..");
    private static final Path README = ROOT.resolve("README.md");
    private static final Path EXAMPLE = ROOT.resolve("benchmarks/src/main/java/org/strowger/demo/EmbeddingExample.java");
    private static final Path CI_RUN = ROOT.resolve(".ci/run");

    @Test
    void readmeJavaBlockIsExactlyTheCompiledEmbeddingExample() throws IOException {
        List<String> example = between(Files.readAllLines(EXAMPLE), "// README-EXAMPLE-START", "// README-EXAMPLE-END");
        assertTrue(example.size() > 5, "the example between the markers is missing or tiny: " + example);
        List<List<String>> blocks = fencedBlocks(Files.readAllLines(README), "java");
        assertEquals(1, blocks.size(), "README.md should have exactly one ```java block");
        assertEquals(normalized(example), normalized(blocks.get(0)),
                "README.md's java block differs from the lines between the markers in " + EXAMPLE
                        + "; copy them over (leading indentation may differ)");
    }

    @Test
    void ciRunsTheReadmesTestCommand() throws IOException {
        List<String> commands = Files.readAllLines(CI_RUN).stream().map(String::strip)
                .filter(l -> l.startsWith("mvn ")).toList();
        assertEquals(1, commands.size(), ".ci/run should run exactly one mvn command: " + commands);
        List<String> readme = Files.readAllLines(README).stream().map(String::strip).toList();
        assertTrue(readme.contains(commands.get(0)), "README.md does not show CI's command " + commands.get(0));
        assertTrue(readme.contains("mvn -B -q -DskipTests -Pdemo verify"), "README.md lost the demo command");
    }

    /** The lines strictly between the line holding {@code start} and the line holding {@code end}. */
    static List<String> between(List<String> lines, String start, String end) {
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(start)) {
                from = i + 1;
            } else if (lines.get(i).strip().equals(end)) {
                if (from < 0) {
                    break;
                }
                return lines.subList(from, i);
            }
        }
        throw new AssertionError("markers " + start + " / " + end + " not found in order");
    }

    /** The contents of every fenced block that opens with {@code ```language}. */
    static List<List<String>> fencedBlocks(List<String> lines, String language) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        boolean inOtherFence = false;
        for (String line : lines) {
            String s = line.strip();
            if (current != null) {
                if (s.equals("```")) {
                    blocks.add(current);
                    current = null;
                } else {
                    current.add(line);
                }
            } else if (inOtherFence) {
                inOtherFence = !s.startsWith("```");
            } else if (s.equals("```" + language)) {
                current = new ArrayList<>();
            } else if (s.startsWith("```")) {
                inOtherFence = true;
            }
        }
        if (current != null) {
            throw new AssertionError("unterminated ```" + language + " block");
        }
        return blocks;
    }

    /** Lines without leading or trailing white space. */
    static List<String> normalized(List<String> lines) {
        return lines.stream().map(String::strip).toList();
    }
}
