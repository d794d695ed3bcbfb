package org.strowger.core;

import java.util.concurrent.TimeUnit;
import org.strowger.api.Cancellable;

/**
 * The core's clock and timer. Every timeout and periodic job of the core goes through it, so tests can run the whole
 * core on virtual time. Scheduled tasks must be short: the core's only post a message to an executor.
 */
public interface CoreScheduler {
    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /** Wall-clock time in milliseconds since the epoch (for snapshots and records). */
    long currentTimeMillis();

    /** Runs {@code task} once after {@code delay}. Called from any thread. */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /** Stops the timer; pending tasks are discarded. */
    void shutdown();

    /** A scheduled task that can be cancelled. */
    interface Cancellable extends org.strowger.api.Cancellable {
    }

    /** The system clock with one daemon timer thread. */
    static CoreScheduler system() {
        return new org.strowger.core.exec.SystemScheduler();
    }
}
