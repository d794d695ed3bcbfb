package org.strowger.core.admission;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.strowger.api.CreationRate;

/*
 * The creation-rate limit: a token bucket of `burst` tokens refilled at one per `interval` nanoseconds, kept as one
 * long, the theoretical arrival time of GCRA: the instant at which the bucket is full again. A take at `now` succeeds
 * iff tat - now <= (burst - 1) * interval, and moves tat to max(tat, now) + interval with one CAS (lock-free: a failed
 * CAS means another take succeeded). A refund moves tat back by one interval; a tat in the past means "full", so a
 * refund never overfills. Times come from the core's clock (virtual under simulation) and are compared by
 * subtraction, so a nanoTime that wraps or starts negative is harmless. A new rate is a new bucket, full at first.
 *
 * The clock is read after tat, in every attempt: a time read earlier could be older than the time another thread
 * used to move tat (this thread preempted in between), and with a tolerance of microseconds that stale time would
 * make a nearly full bucket look empty. Read after, it is at least as new as any time tat was computed from.
 */
public final class TokenBucket {
    final CreationRate rate;
    private final long interval;
    private final long tolerance;
    private final AtomicLong tat;

    public TokenBucket(CreationRate rate, long now) {
        this.rate = rate;
        this.interval = rate.intervalNanos();
        this.tolerance = (rate.burst() - 1) * interval;
        this.tat = new AtomicLong(now);
    }

    /** Takes one token now by {@code clock}; false (and nothing taken) if the bucket is empty. */
    public boolean tryTake(LongSupplier clock) {
        while (true) {
            long t = tat.get();
            long now = clock.getAsLong();
            long start = t - now < 0 ? now : t;
            if (start - now > tolerance) {
                return false;
            }
            if (tat.compareAndSet(t, start + interval)) {
                return true;
            }
        }
    }

    /** Gives back a token taken by a creation that was refused later (it created nothing). */
    public void refund() {
        tat.addAndGet(-interval);
    }

    /** Tokens available at {@code now} (for tests and logs). */
    public long available(long now) {
        long t = tat.get();
        long debt = t - now < 0 ? 0 : t - now;
        return rate.burst() - (debt + interval - 1) / interval;
    }
}
