package org.strowger.core.runtime;

import java.util.concurrent.atomic.LongAdder;
import org.strowger.api.media.MediaSource;
import org.strowger.core.CoreScheduler;
import org.strowger.core.WorkerPool;
import org.strowger.core.event.EventBus;
import org.strowger.core.exec.ExecutorSettings;
import org.strowger.core.media.translate.Codecs;

/**
 * What every executor-owned entity of one core shares: how executors are built, the clock and timer, the event bus,
 * and the count of callback faults. Immutable; any thread.
 *
 * @param executors the pool, batch size and media-lane capacity of new executors
 * @param scheduler the core's clock and timer (virtual under simulation)
 * @param events the subscriptions that channels and bridges emit to
 * @param faults callbacks of techs and user code that threw ({@code CoreStats.callbackFaults})
 * @param codecs what the core translates through
 * @param musicOnHold what a channel put on hold hears, or null for none (the hold is then passed to its tech)
 */
public record CoreRuntime(ExecutorSettings executors, CoreScheduler scheduler, EventBus events, LongAdder faults,
        Codecs codecs, MediaSource musicOnHold) {
    public WorkerPool pool() {
        return executors.pool();
    }

    /** The core's wall clock, for snapshots and events. */
    public long now() {
        return scheduler.currentTimeMillis();
    }
}
