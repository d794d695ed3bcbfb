package org.strowger.core.exec;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.strowger.api.Cancellable;
import org.strowger.core.CoreScheduler;

/** A scheduler on the real clock whose timers fire only when a test runs them ({@link #runNext}), whatever the delay. */
public final class HandClock implements CoreScheduler {
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final boolean refusing;

    public HandClock() {
        this(false);
    }

    private HandClock(boolean refusing) {
        this.refusing = refusing;
    }

    /** A clock whose timer is shut down: every schedule is refused, as a stopped core scheduler refuses it. */
    public static HandClock refusingTimers() {
        return new HandClock(true);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        if (refusing) {
            throw new RejectedExecutionException("the core's timer is shut down");
        }
        pending.add(task);
        return () -> pending.remove(task);
    }

    @Override
    public void shutdown() {
    }

    /** How many timers wait to be run. */
    public int pending() {
        return pending.size();
    }

    /** Runs the oldest pending timer on the calling thread. */
    public void runNext() {
        pending.remove().run();
    }
}
