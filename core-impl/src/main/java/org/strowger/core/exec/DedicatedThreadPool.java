package org.strowger.core.exec;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import org.strowger.core.WorkerPool;

/*
 * A WorkerPool of at most one platform thread, for an event subscription that may block: its serial executor runs
 * here instead of on the core's pool, so a subscriber stuck in a database call holds this thread and nothing else.
 * A ForkJoinPool capped at one worker, because submitting to it is lock-free (channel executors submit when a
 * subscription wakes up) and an idle worker parks inside the JDK pool, as the core's own workers do, and ends after
 * a minute without work, so an idle subscription costs no thread. To stop, the subscription closes its executor (so
 * the next run discards what is queued), shuts the pool down gracefully (that run still happens) and interrupts the
 * worker, for a subscriber blocked in onEvent. (shutdownNow would cancel the queued executor task, a ForkJoinTask
 * that is resubmitted for every run, and its queue would never be drained.)
 */
final class DedicatedThreadPool implements WorkerPool {
    private final ForkJoinPool pool;
    private volatile Thread worker;

    DedicatedThreadPool(String threadName) {
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = p -> {
            ForkJoinWorkerThread t = ContextFreeThreads.create(() -> new ForkJoinWorkerThread(null, p, true) {
            });
            t.setName(threadName);
            t.setDaemon(true);
            worker = t;
            return t;
        };
        this.pool = new ForkJoinPool(1, factory, null, true, 0, 1, 1, null, 60, TimeUnit.SECONDS);
    }

    @Override
    public void execute(Runnable task) {
        if (task instanceof ForkJoinTask<?> fjt) {
            pool.execute(fjt);
        } else {
            pool.execute(task);
        }
    }

    /** Lets what is queued run, then ends the thread. */
    @Override
    public void shutdown() {
        pool.shutdown();
    }

    /** Interrupts the worker, if there is one and it is not the caller: a subscriber blocked in onEvent. */
    void interrupt() {
        Thread t = worker;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }

    /** True if {@code t} is this pool's worker. */
    boolean isWorker(Thread t) {
        return t == worker;
    }

    boolean isTerminated() {
        return pool.isTerminated();
    }
}
