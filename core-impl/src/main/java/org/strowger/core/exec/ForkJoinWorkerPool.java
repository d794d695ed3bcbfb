package org.strowger.core.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import org.strowger.core.WorkerPool;

/*
 * The default pool: a ForkJoinPool in async (FIFO) mode with one platform thread per core. An executor that
 * reschedules itself from a worker lands in that worker's local queue, so a busy channel stays on its thread and
 * idle workers steal the rest. Workers are PoolThreads, so ownership checks read a field instead of a thread-local.
 *
 * Stalled workers: the StallWatchdog samples each worker's slot; while workers are stalled it raises the pool's
 * parallelism by that many (up to a cap) so queued channels keep running, and lowers it again when they recover.
 */
public final class ForkJoinWorkerPool implements WorkerPool {
    private final ForkJoinPool pool;
    private final int parallelism;
    private final Map<PoolThread, Boolean> workers = new ConcurrentHashMap<>();

    public ForkJoinWorkerPool(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
        }
        this.parallelism = parallelism;
        this.pool = new ForkJoinPool(parallelism, p -> ContextFreeThreads.create(() -> new PoolThread(p, this)), null,
                true, 0, Math.max(256, parallelism * 8), 1, null, 60, TimeUnit.SECONDS);
    }

    @Override
    public void execute(Runnable task) {
        if (task instanceof ForkJoinTask<?> fjt) {
            pool.execute(fjt); // executors are ForkJoinTasks: no wrapper per submission
        } else {
            pool.execute(task);
        }
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    void workerStarted(PoolThread t) {
        workers.put(t, Boolean.TRUE);
    }

    void workerStopped(PoolThread t) {
        workers.remove(t);
    }

    Iterable<PoolThread> workers() {
        return workers.keySet();
    }

    /**
     * Sets parallelism to the configured size plus {@code stalled} compensating threads (capped). Raising it does not
     * start a worker by itself, so a no-op task is submitted to wake one for work queued before the stall.
     */
    void compensate(int stalled) {
        int target = parallelism + Math.min(stalled, parallelism * 8);
        int current = pool.getParallelism();
        if (current != target) {
            pool.setParallelism(target);
            if (target > current) {
                pool.execute(() -> { });
            }
        }
    }

    public int parallelism() {
        return pool.getParallelism();
    }

    public boolean isTerminated() {
        return pool.isTerminated();
    }
}
