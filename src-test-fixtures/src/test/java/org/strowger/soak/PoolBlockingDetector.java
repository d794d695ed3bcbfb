package org.strowger.soak;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.strowger.api.Channel;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingMethod;

/**
 * BlockHound, pointed at one core's pool: while {@link #watch watching}, a blocking call (sleep, wait, park, file or
 * socket I/O, yield or spin-wait) made on a worker of that pool is recorded with its thread and stack; the soak fails
 * if any was. Calls are recorded, not thrown, so one finding does not disturb the rest of the run.
 *
 * <p>Which threads: the core's default pool is a ForkJoinPool of {@code org.strowger.core.exec.PoolThread}s (package
 * private, so matched by class name). Such a thread is a <em>dynamic</em> BlockHound thread, whose predicate is asked
 * again at every blocking call: it counts only while its pool is the watched one, so cores of other tests and the
 * dedicated subscriber and sink threads (plain ForkJoinWorkerThreads) are never checked. The pool's own idle and
 * bookkeeping waits (a worker parking in {@code awaitWork}, the spin of its run-state lock, a work queue's brief
 * spin) are allowed: they are how a pool thread waits for work, not work that blocks.
 *
 * <p>Installing BlockHound redefines JDK classes: the JVM needs {@code -XX:+AllowRedefinitionToAddDeleteMethods},
 * which the soak's surefire execution sets (src-test-fixtures/pom.xml). Installed once per JVM; it checks nothing
 * while no pool is watched.
 */
final class PoolBlockingDetector {
    private static final String POOL_THREAD = "org.strowger.core.exec.PoolThread";
    private static final int KEPT = 20;
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final AtomicLong FOUND = new AtomicLong();
    private static final Queue<String> REPORTS = new ConcurrentLinkedQueue<>();
    private static volatile ForkJoinPool watched;

    private PoolBlockingDetector() {
    }

    /** Installs BlockHound (once per JVM). */
    static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        BlockHound.builder()
                .allowBlockingCallsInside(ForkJoinPool.class.getName(), "awaitWork")
                .allowBlockingCallsInside(ForkJoinPool.class.getName(), "deactivate")
                .allowBlockingCallsInside(ForkJoinPool.class.getName(), "spinLockRunState")
                .allowBlockingCallsInside(ForkJoinPool.class.getName() + "$WorkQueue", "poll")
                .allowBlockingCallsInside(ForkJoinPool.class.getName() + "$WorkQueue", "nextLocalTask")
                .addDynamicThreadPredicate(t -> t.getClass().getName().equals(POOL_THREAD))
                .nonBlockingThreadPredicate(p -> p.or(PoolBlockingDetector::inWatchedPool))
                .blockingMethodCallback(PoolBlockingDetector::found)
                .install();
    }

    private static boolean inWatchedPool(Thread t) {
        ForkJoinPool pool = watched;
        return pool != null && t instanceof ForkJoinWorkerThread w && w.getPool() == pool;
    }

    private static void found(BlockingMethod method) {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        if (FOUND.incrementAndGet() <= KEPT) {
            REPORTS.add(describe(method, stack));
        }
    }

    private static String describe(BlockingMethod method, StackTraceElement[] stack) {
        StringBuilder b = new StringBuilder("blocking call ").append(method).append(" on ")
                .append(Thread.currentThread().getName());
        for (int i = 0; i < Math.min(stack.length, 25); i++) {
            b.append("\n    at ").append(stack[i]);
        }
        return b.toString();
    }

    /**
     * Starts watching the pool that runs {@code channel}'s executor (learnt by running a task there), forgetting
     * what was found before.
     */
    static void watch(Channel channel) throws Exception {
        AtomicReference<ForkJoinPool> pool = new AtomicReference<>();
        channel.execute(() -> {
            if (Thread.currentThread() instanceof ForkJoinWorkerThread w) {
                pool.set(w.getPool());
            }
        }).toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (pool.get() == null) {
            throw new AssertionError("channel " + channel.id() + " does not run on a ForkJoinPool worker");
        }
        FOUND.set(0);
        REPORTS.clear();
        watched = pool.get();
    }

    /** Stops watching. */
    static void stop() {
        watched = null;
    }

    /** True if {@code t} is a worker of the watched pool. */
    static boolean isWatchedWorker(Thread t) {
        return inWatchedPool(t);
    }

    /** Blocking calls found since {@link #watch}. */
    static long found() {
        return FOUND.get();
    }

    /** The first few of them, with stacks. */
    static List<String> reports() {
        return List.copyOf(REPORTS);
    }

    /** Waits up to {@code timeout} for at least {@code n} findings; for the test that shows the detector fires. */
    static boolean awaitFound(long n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (FOUND.get() < n && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        return FOUND.get() >= n;
    }
}
