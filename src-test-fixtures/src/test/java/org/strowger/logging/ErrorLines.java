package org.strowger.logging;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every ERROR line of an {@code org.strowger} logger written in this JVM (through {@link CapturingLogProvider}),
 * whether or not a {@link CapturedLog} capture runs: the core logs at ERROR only what is a bug of its own (a task
 * that threw on an executor, a counter below zero), so a real-thread test can fail on one. Keeps the first 100 lines.
 */
public final class ErrorLines {
    private static final AtomicLong COUNT = new AtomicLong();
    private static final Queue<String> LINES = new ConcurrentLinkedQueue<>();

    private ErrorLines() {
    }

    static void add(String thread, String logger, String message, Throwable cause) {
        long n = COUNT.incrementAndGet();
        if (n <= 100) {
            StringBuilder b = new StringBuilder("#").append(n).append(" [").append(thread).append("] ERROR ")
                    .append(logger).append(" - ").append(message);
            if (cause != null) {
                java.io.StringWriter w = new java.io.StringWriter();
                cause.printStackTrace(new java.io.PrintWriter(w));
                b.append(System.lineSeparator()).append(w);
            }
            LINES.add(b.toString());
        }
    }

    /** ERROR lines written so far. */
    public static long count() {
        return COUNT.get();
    }

    /** The kept lines numbered after {@code mark} (a {@link #count()} taken earlier). */
    public static List<String> since(long mark) {
        return LINES.stream().filter(l -> Long.parseLong(l.substring(1, l.indexOf(' '))) > mark).toList();
    }
}
