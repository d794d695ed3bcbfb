package org.strowger.core.exec;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.strowger.core.WorkerPool;

/** Worker pools for white-box executor tests. */
public final class TestPools {
    private TestPools() {
    }

    /**
     * Queues submitted runnables; the test runs them on its own thread with {@link #runOne()} / {@link #runAll()}.
     * Counts submissions. {@link #refuse()} makes it throw like a shut-down pool.
     */
    public static final class ManualPool implements WorkerPool {
        private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
        public final AtomicInteger submissions = new AtomicInteger();
        private volatile boolean refusing;

        @Override
        public void execute(Runnable task) {
            if (refusing) {
                throw new RejectedExecutionException("test pool refuses");
            }
            submissions.incrementAndGet();
            queue.add(task);
        }

        @Override
        public void shutdown() {
            refusing = true;
        }

        public void refuse() {
            refusing = true;
        }

        public int queued() {
            return queue.size();
        }

        /** Runs the oldest submitted runnable; false if none was queued. */
        public boolean runOne() {
            Runnable r = queue.poll();
            if (r == null) {
                return false;
            }
            r.run();
            return true;
        }

        /** Runs submitted runnables (including those they submit) until none is left; returns how many ran. */
        public int runAll() {
            int n = 0;
            while (runOne()) {
                if (++n > 10_000_000) {
                    throw new AssertionError("pool never drains: an executor keeps resubmitting itself");
                }
            }
            return n;
        }
    }

    /** Forwards to another pool and counts submissions. */
    public static final class CountingPool implements WorkerPool {
        private final WorkerPool delegate;
        public final AtomicInteger submissions = new AtomicInteger();

        public CountingPool(WorkerPool delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable task) {
            submissions.incrementAndGet();
            delegate.execute(task);
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }
    }

    /** A pool that has been shut down: every submission throws {@link RejectedExecutionException}. */
    public static final class RefusingPool implements WorkerPool {
        public final AtomicInteger attempts = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            attempts.incrementAndGet();
            throw new RejectedExecutionException("pool is shut down");
        }

        @Override
        public void shutdown() {
        }
    }
}
