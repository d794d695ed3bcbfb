package org.strowger.testkit.tck;

import java.lang.Thread.UncaughtExceptionHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Predicate;

/*
 * The threads a tech started during one TCK test, and what happened on them, found without the tech's help.
 *
 * Which threads: thread ids are handed out by one counter in creation order, so every thread created after begin()
 * (just before the tech's start) has a larger id than the marker thread made there. Of those, the core's own threads
 * (a class of org.strowger.core, or a name starting "strowger-"), the JVM's (its system thread group), the common
 * ForkJoinPool's and the test runner's ("junit-", "surefire-") are not the tech's, nor any the TCK subclass declares
 * shared (ChannelTechTck.isSharedThread); the rest were started by the tech or on its behalf. Virtual threads are not
 * listed by the JVM and are not seen.
 *
 * Exceptions: a default uncaught-exception handler, installed by begin() and put back by close(), records what
 * reaches it from those threads (a thread with a handler of its own, or a task whose exception an ExecutorService
 * keeps in its Future, is not seen) and then hands it on to the handler that was there before, or prints it as the
 * JVM would. The handler is JVM-wide, which is fine because the TCK's tests run one at a time.
 */
final class TechThreads implements AutoCloseable {
    /** One exception that reached the handler from a thread of the tech. */
    record Uncaught(String thread, Throwable error, boolean afterStop) {
    }

    private final long mark;
    private final Predicate<Thread> shared;
    private final Queue<Uncaught> uncaught = new ConcurrentLinkedQueue<>();
    private final UncaughtExceptionHandler previous;
    private volatile long stoppedAt;

    private TechThreads(Predicate<Thread> shared) {
        this.shared = shared;
        this.mark = new Thread(() -> { }).threadId(); // never started: only its id, the last one before the tech's
        this.previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(this::uncaught);
    }

    /** Starts watching: call just before the tech is registered. */
    static TechThreads begin(Predicate<Thread> shared) {
        return new TechThreads(shared);
    }

    /** The tech's stop() has returned (its wrapper tells us): exceptions from now on are "after stop". */
    void stopped() {
        if (stoppedAt == 0) {
            stoppedAt = System.nanoTime();
        }
    }

    /** True if {@code t} was started during the tech's life and is not the core's, the JVM's or the runner's. */
    boolean startedByTheTech(Thread t) {
        if (t.threadId() <= mark || t.isVirtual()) {
            return false;
        }
        ThreadGroup group = t.getThreadGroup();
        if (group == null || group.getParent() == null) {
            return false; // terminated, or the JVM's system group (reference handler, attach listener, cleaners)
        }
        String name = t.getName();
        if (t.getClass().getName().startsWith("org.strowger.core.") || name.startsWith("strowger-")
                || name.startsWith("junit-") || name.startsWith("surefire-")) {
            return false;
        }
        if (t instanceof ForkJoinWorkerThread fj && fj.getPool() == ForkJoinPool.commonPool()
                || name.startsWith("ForkJoinPool.commonPool-")) { // its workers, and its delay scheduler (JDK 25)
            return false;
        }
        return !shared.test(t);
    }

    /**
     * Waits up to {@code grace} for the tech's threads to end; returns those still alive then, each described with
     * its state and where it is.
     */
    List<String> stillAliveAfter(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        List<Thread> alive = alive();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            alive = alive();
        }
        List<String> out = new ArrayList<>();
        for (Thread t : alive) {
            StackTraceElement[] stack = t.getStackTrace();
            out.add("thread '" + t.getName() + "' (started during the tech's life, " + (t.isDaemon() ? "daemon, " : "")
                    + t.getState() + (stack.length == 0 ? "" : " at " + stack[0]) + ") is still alive at least "
                    + grace.toMillis() + " ms after stop() returned: stop() must end the threads the tech started");
        }
        return out;
    }

    /** The exceptions that reached the handler from the tech's threads, described. */
    List<String> uncaughtExceptions() {
        List<String> out = new ArrayList<>();
        for (Uncaught u : uncaught) {
            out.add("uncaught " + u.error() + " on thread '" + u.thread() + "' (started during the tech's life)"
                    + (u.afterStop() ? " after stop() returned" : "") + ": a tech's threads must not die of exceptions");
        }
        return out;
    }

    /** Puts back the handler that was there before. */
    @Override
    public void close() {
        Thread.setDefaultUncaughtExceptionHandler(previous);
    }

    private List<Thread> alive() {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t != Thread.currentThread() && startedByTheTech(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private void uncaught(Thread t, Throwable e) {
        if (startedByTheTech(t)) {
            uncaught.add(new Uncaught(t.getName(), e, stoppedAt != 0));
        }
        if (previous != null) {
            previous.uncaughtException(t, e);
        } else {
            System.err.print("Exception in thread \"" + t.getName() + "\" ");
            e.printStackTrace(System.err);
        }
    }
}
