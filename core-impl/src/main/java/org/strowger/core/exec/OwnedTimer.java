package org.strowger.core.exec;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.strowger.api.Cancellable;
import org.strowger.core.CoreScheduler;

/*
 * A one-shot timer owned by one executor. Arming it schedules a firing on the core's scheduler that only posts to the
 * owner (the scheduler's thread runs nothing else, as CoreScheduler asks); on the owner, the firing runs its action
 * unless the timer was cancelled or re-armed since. An epoch counter, bumped by every arm and cancel, is the one stale
 * guard: a firing carries the epoch it was armed with. Cancelling also cancels the scheduler's task, so a long timer
 * does not keep its owner reachable after it has lost interest. Periodic work re-arms from its action.
 *
 * Owner's executor only, except where a method says otherwise. A firing that finds the owner closed is dropped. For a
 * task that anyone may cancel from any thread (Channel.schedule), once() gives a handle whose guard is one CAS.
 */
public final class OwnedTimer {
    private final SerialExecutor owner;
    private final CoreScheduler scheduler;
    private long epoch;
    private CoreScheduler.Cancellable pending;

    public OwnedTimer(SerialExecutor owner, CoreScheduler scheduler) {
        this.owner = owner;
        this.scheduler = scheduler;
    }

    /**
     * Arms the timer, replacing an earlier arming: after {@code delayNanos} on the core's clock {@code action} runs on
     * the owner, unless the timer is cancelled or armed again first. Owner only.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the core's scheduler is shut down (the timer is then
     *     disarmed)
     */
    public void arm(long delayNanos, Runnable action) {
        assert owner.inExecutor();
        cancel();
        long armed = epoch;
        pending = scheduler.schedule(() -> owner.execute(() -> fire(armed, action)), Math.max(0, delayNanos),
                TimeUnit.NANOSECONDS);
    }

    private void fire(long armed, Runnable action) {
        if (armed == epoch) {
            epoch++;
            pending = null;
            action.run();
        }
    }

    /** Disarms: a firing on its way finds it stale. Harmless if not armed. Owner only. */
    public void cancel() {
        assert owner.inExecutor();
        epoch++;
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    /** True from an arming until it fires or is cancelled. Owner only. */
    public boolean isArmed() {
        assert owner.inExecutor();
        return pending != null;
    }

    /**
     * Runs {@code task} once on {@code owner} after {@code delayNanos}, unless the returned handle is cancelled first.
     * {@code cancel()} returns true if it stopped the task (it had not started), from any thread. Any thread.
     *
     * @param guard checked on the owner just before the task runs; false skips it (e.g. the owner has ended)
     */
    public static Cancellable once(SerialExecutor owner, CoreScheduler scheduler, long delayNanos,
            BooleanSupplier guard, Runnable task) {
        AtomicBoolean pending = new AtomicBoolean(true);
        CoreScheduler.Cancellable timer = scheduler.schedule(() -> owner.execute(() -> {
            if (pending.compareAndSet(true, false) && guard.getAsBoolean()) {
                task.run();
            }
        }), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> {
            if (!pending.compareAndSet(true, false)) {
                return false;
            }
            timer.cancel();
            return true;
        };
    }
}
