package org.strowger.logging;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.event.Level;

/** What {@link CapturingLogProvider} recorded between {@link #start()} and {@link #stop()}. One capture at a time. */
final class CapturedLog {
    /** One log line as an appender receives it: the formatted message, the MDC, the throwable. */
    record Line(String thread, Level level, String logger, String message, Map<String, String> mdc, Throwable cause) {
        Line {
            mdc = mdc == null ? Map.of() : Map.copyOf(mdc);
        }

        /** As a pattern layout {@code [%t] %level %logger - %msg%n%ex} would write it. */
        String rendered() {
            return "[" + thread + "] " + level + " " + logger + " - " + message
                    + (cause == null ? "" : System.lineSeparator() + cause);
        }
    }

    private static final Queue<Line> LINES = new ConcurrentLinkedQueue<>();
    private static volatile boolean active;

    private CapturedLog() {
    }

    static void start() {
        LINES.clear();
        active = true;
    }

    static List<Line> stop() {
        active = false;
        return List.copyOf(LINES);
    }

    static boolean active() {
        return active;
    }

    static void add(Line line) {
        LINES.add(line);
    }
}
