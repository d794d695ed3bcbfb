package org.strowger.core.runtime;

import java.util.concurrent.atomic.LongAdder;
import org.strowger.core.CoreScheduler;
import org.strowger.core.WorkerPool;
import org.strowger.core.event.EventBus;
import org.strowger.core.exec.ExecutorSettings;

/**
 * What every executor-owned entity of one core shares: how executors are built, the clock and timer, the event bus,
 * and the count of callback faults. Immutable; any thread.
 *
 * @param executors the pool, batch size and media-lane capacity of new executors
 * @param scheduler the core's clock and timer (virtual under simulation)
 * @param events the subscriptions that channels and bridges emit to
 * @param faults callbacks of techs and user code that threw ({@code CoreStats.callbackFaults})
 */
public record CoreRuntime(ExecutorSettings executors, CoreScheduler scheduler, EventBus events, LongAdder faults) {
    public WorkerPool pool() {
        return executors.pool();
    }

    /** The core's wall clock, for snapshots and events. */
    public long now() {
        return scheduler.currentTimeMillis();
    }
}
