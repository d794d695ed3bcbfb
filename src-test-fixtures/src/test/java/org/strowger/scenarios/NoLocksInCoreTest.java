package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The design's hard rule, checked on the sources (bytecode tools cannot see {@code synchronized} blocks): core-impl's
 * main code takes no lock, waits on no monitor, latch or semaphore, and never sleeps or joins. State is owned by
 * executors instead.
 */
class NoLocksInCoreTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "\\bsynchronized\\b|java\\.util\\.concurrent\\.locks|\\.wait\\(|\\bSemaphore\\b|CountDownLatch|CyclicBarrier"
                    + "|Thread\\.sleep|LockSupport\\.park|\\bPhaser\\b|\\.await\\(");
    /**
     * join() on a future, join() or join(millis) on a thread; CommandFuture's own override (super.join()) is the one
     * allowed use. Bridge.join(channel, options) is not a wait.
     */
    private static final Pattern JOIN = Pattern.compile("(?<!super)\\.join\\(\\s*(\\d+L?\\s*)?\\)");

    @Test
    void coreImplMainCodeHasNoLocksAndNoBlockingWaits() throws IOException {
        Path src = Path.of("..", "core-impl", "src", "main", "java");
        assertTrue(Files.isDirectory(src), "run from the module directory: " + src.toAbsolutePath());
        List<String> hits = new ArrayList<>();
        int files;
        try (Stream<Path> paths = Files.walk(src)) {
            List<Path> java = paths.filter(p -> p.toString().endsWith(".java")).toList();
            files = java.size();
            for (Path p : java) {
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) {
                    String code = stripComment(lines.get(i));
                    if (FORBIDDEN.matcher(code).find() || JOIN.matcher(code).find()) {
                        hits.add(p.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertTrue(files > 10, "scanned only " + files + " files");
        assertEquals(List.of(), hits);
    }

    private static String stripComment(String line) {
        String t = line.trim();
        if (t.startsWith("//") || t.startsWith("*") || t.startsWith("/*")) {
            return "";
        }
        int i = line.indexOf("//");
        return i >= 0 ? line.substring(0, i) : line;
    }
}
