package org.strowger.core;

/**
 * The threads that run channel and bridge executors. An executor submits itself with {@link #execute} when it has
 * work and is not already scheduled, then runs a batch of tasks on the pool thread. Implementations must accept
 * {@code execute} from any thread, including their own workers, and must not run the task inline. Once shut down, a
 * pool may refuse work by throwing: the core then runs that hand-off on a virtual thread of its own, so no stage of a
 * command issued after (or during) the shutdown is lost.
 *
 * <p>The default ({@link #forkJoin}) is a {@link java.util.concurrent.ForkJoinPool} in asynchronous (FIFO) mode
 * with one platform thread per core, a stall watchdog and compensation for stalled workers. The test kit supplies a
 * single-threaded deterministic pool.
 */
public interface WorkerPool {
    /** Runs {@code task} soon on a pool thread. Called from any thread; never blocks. */
    void execute(Runnable task);

    /** Stops accepting work; lets running tasks finish. Does not wait. */
    void shutdown();

    /** A work-stealing pool of {@code parallelism} platform threads (FIFO for submitted tasks). */
    static WorkerPool forkJoin(int parallelism) {
        return new org.strowger.core.exec.ForkJoinWorkerPool(parallelism);
    }
}
