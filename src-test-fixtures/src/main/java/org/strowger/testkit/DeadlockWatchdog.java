package org.strowger.testkit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * For real-thread tests: a daemon thread that asks the JVM for deadlocked threads ({@link ThreadMXBean}) every 20 ms
 * while a test runs. {@link #close()} stops it and fails if it ever saw one, with the threads' stacks.
 *
 * <pre>{@code
 * try (DeadlockWatchdog w = DeadlockWatchdog.start()) { ... the test ... }
 * }</pre>
 */
public final class DeadlockWatchdog implements AutoCloseable {
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Queue<String> found = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long checks;

    private DeadlockWatchdog() {
        thread = new Thread(this::watch, "deadlock-watchdog");
        thread.setDaemon(true);
    }

    /** Starts watching; skips the calling test under {@code -Dstrowger.realThreads=false} ({@link TestCores#assumeRealThreads}). */
    public static DeadlockWatchdog start() {
        TestCores.assumeRealThreads();
        DeadlockWatchdog w = new DeadlockWatchdog();
        w.thread.start();
        return w;
    }

    /** How many checks ran so far. */
    public long checks() {
        return checks;
    }

    private void watch() {
        while (running) {
            check();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void check() {
        long[] ids = mx.findDeadlockedThreads();
        checks++;
        if (ids != null && found.isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (ThreadInfo ti : mx.getThreadInfo(ids, true, true)) {
                b.append(ti);
            }
            found.add(b.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        check();
        if (!found.isEmpty()) {
            throw new AssertionError("deadlock detected:\n" + found.peek());
        }
    }
}
