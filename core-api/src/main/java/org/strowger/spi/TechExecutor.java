package org.strowger.spi;

import java.time.Duration;
import org.strowger.api.Cancellable;

/**
 * A serial executor the core gives a tech ({@link TechContext#newExecutor}) for state that is no single channel's: a
 * SIP dialog or transaction, a registration, a media session. Like a channel's executor it runs on the core's pool,
 * one task at a time in the order queued, is watched by the stall watchdog, and must not be blocked. When the tech
 * is unregistered (or the core shuts down) its executors are drained after its channels and before {@link
 * ChannelTech#stop()}: what was queued before still runs, nothing queued runs after {@code stop()}, and what is
 * queued later is refused. {@code stop()} is called only once every executor of the tech is idle.
 *
 * <p>Thread-safe: every method may be called from any thread, including from a task of this or another executor and
 * from a channel's callbacks; none of them blocks or runs a task inline.
 */
public interface TechExecutor {
    /**
     * Queues {@code task}. A task that throws is logged (one WARN line naming the executor) and counted
     * ({@code CoreStats.callbackFaults}); the executor carries on with the next task.
     *
     * @return false if the executor is closed (the tech is being unregistered and its channels are gone, or the core
     *     is shutting down): the task will not run
     * @throws org.strowger.api.InvalidArgumentException for a null task
     */
    boolean execute(Runnable task);

    /** True if the calling thread is running this executor's task now. */
    boolean inExecutor();

    /**
     * Runs {@code task} on this executor after {@code delay} on the core's clock (virtual under simulation), unless
     * cancelled first or the executor is closed by then. The handle's {@code cancel()} returns true if it stopped the
     * task (it had not started). Scheduled on a closed executor, the task never runs; a timer still pending when the
     * executor closes never fires. A task that throws is logged and counted as for {@link #execute}.
     *
     * @param delay 0 .. 24 h
     * @throws org.strowger.api.InvalidArgumentException for a null task or an out-of-range delay
     */
    Cancellable schedule(Duration delay, Runnable task);
}
