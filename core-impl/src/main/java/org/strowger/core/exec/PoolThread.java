package org.strowger.core.exec;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/** A worker of the default pool; carries its {@link WorkerSlot} in a field so ownership checks need no lookup. */
final class PoolThread extends ForkJoinWorkerThread {
    final WorkerSlot slot = new WorkerSlot(this);
    private final ForkJoinWorkerPool owner;

    PoolThread(ForkJoinPool pool, ForkJoinWorkerPool owner) {
        super(null, pool, true);
        this.owner = owner;
    }

    @Override
    protected void onStart() {
        super.onStart();
        owner.workerStarted(this);
    }

    @Override
    protected void onTermination(Throwable exception) {
        owner.workerStopped(this);
        super.onTermination(exception);
    }
}
