package org.strowger.core.exec;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import org.strowger.core.WorkerPool;

/*
 * The core's pool as its executors see it: the configured pool, and once that refuses work (it was shut down, by the
 * core that owns it or by the application that lent it), a virtual thread for each refused hand-off. Work still comes
 * after a shutdown (a stage issued on a handle the application kept, a late message to a destroyed bridge, a task
 * posted as the pool went down), and a task may be the only thing that completes its stage, so it must run; a closed
 * executor then rejects it with a reason. Without this a refused executor closes itself and drops what is not
 * Rejectable. The virtual threads inherit no context (no MDC) and keep nothing alive once their batch has run.
 */
public final class RefusalFallbackPool implements WorkerPool {
    private static final ThreadFactory AFTER_REFUSAL = Thread.ofVirtual().name("strowger-after-shutdown")
            .inheritInheritableThreadLocals(false).factory();

    private final WorkerPool pool;

    public RefusalFallbackPool(WorkerPool pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException refused) { // only a refusal: any other exception is a bug to report
            AFTER_REFUSAL.newThread(task).start();
        }
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }
}
