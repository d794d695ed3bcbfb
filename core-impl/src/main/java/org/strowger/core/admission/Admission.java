package org.strowger.core.admission;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.CreationRate;
import org.strowger.api.EndpointUsage;
import org.strowger.core.log.LogText;

/*
 * Admission control for channel creation, in the documented order after the core's run state: the creation rate
 * (TokenBucket), the live-channel limit (a reserved-slot counter), the tech's own count (a draining tech refuses), and
 * the endpoint's usage limit (EndpointLimits); the id claim comes last, in the registry. Each refusal gives back what
 * the steps before it took (a rate token included: a refused creation created nothing), counts itself, and carries
 * the cause to signal. Nothing here waits or locks: counters and CASes only.
 */
public final class Admission {
    /** The tech's count of its live channels, as admission sees it. */
    public interface TechSlot {
        String name();

        /** Counts a channel about to be created; false (nothing counted) if the tech no longer takes channels. */
        boolean acquire();

        void release();
    }

    private final int maxChannels;
    private final AtomicInteger reserved = new AtomicInteger();
    private final EndpointLimits endpoints = new EndpointLimits();
    private final LongSupplier clock;
    private final Runnable noSlotReserved;
    private volatile TokenBucket creationRate;
    private final LongAdder rejected = new LongAdder();
    private final LongAdder rejectedMax = new LongAdder();
    private final LongAdder rejectedRate = new LongAdder();
    private final LongAdder rejectedBusy = new LongAdder();

    /**
     * @param clock the core's nanoTime, for the rate bucket
     * @param noSlotReserved runs (on the releasing thread) each time the last reserved slot is given back
     */
    public Admission(int maxChannels, CreationRate rate, LongSupplier clock, Runnable noSlotReserved) {
        this.maxChannels = maxChannels;
        this.clock = clock;
        this.noSlotReserved = noSlotReserved;
        if (rate != null) {
            creationRate = new TokenBucket(rate, clock.getAsLong());
        }
    }

    /**
     * Admits a creation for {@code tech} counting on endpoint {@code key} (null: none), or throws with everything it
     * took given back. Returns the endpoint counter taken, or null.
     *
     * @throws CommandRejectedException RATE_LIMITED, LIMIT_REACHED, UNKNOWN_TECH (draining) or ENDPOINT_BUSY
     */
    public EndpointLimits.Counter admit(TechSlot tech, String key) {
        TokenBucket bucket = creationRate;
        if (bucket != null && !bucket.tryTake(clock)) {
            rejectedRate.increment();
            throw refused(CommandRejectedException.Reason.RATE_LIMITED, "the creation rate of "
                    + bucket.rate.perSecond() + "/s (burst " + bucket.rate.burst() + ") is exceeded");
        }
        if (reserved.incrementAndGet() > maxChannels) {
            releaseSlot();
            refundRate(bucket);
            rejectedMax.increment();
            throw refused(CommandRejectedException.Reason.LIMIT_REACHED,
                    "the limit of " + maxChannels + " live channels is reached");
        }
        if (!tech.acquire()) {
            releaseSlot();
            refundRate(bucket);
            throw refused(CommandRejectedException.Reason.UNKNOWN_TECH, "tech '" + tech.name()
                    + "' is being unregistered");
        }
        if (!endpoints.active() || key == null) {
            return null;
        }
        EndpointLimits.Counter counter = endpoints.counter(key);
        if (counter != null && !counter.tryAcquire()) {
            tech.release();
            releaseSlot();
            refundRate(bucket);
            rejectedBusy.increment();
            throw refused(CommandRejectedException.Reason.ENDPOINT_BUSY, "endpoint '" + LogText.escape(key)
                    + "' is at its usage limit of " + counter.limit() + " live channels");
        }
        return counter;
    }

    /**
     * Gives back what an admitted creation took when its id claim failed, and refuses it with DUPLICATE_ID.
     *
     * @return the exception to throw
     */
    public CommandRejectedException backOutDuplicate(EndpointHold hold, TechSlot tech, String id) {
        EndpointLimits.release(hold);
        tech.release();
        refundRate(creationRate);
        releaseSlot();
        return refused(CommandRejectedException.Reason.DUPLICATE_ID, "a live channel already has id " + id);
    }

    /**
     * After registering a channel admitted at {@code limitsVersion}: re-checks its endpoint if a limit was added or
     * removed meanwhile.
     */
    public void recheck(EndpointHold hold, long limitsVersion) {
        if (endpoints.active() && endpoints.changedSince(limitsVersion) && hold.key() != null) {
            endpoints.recheck(hold, hold.key());
        }
    }

    /** A channel was destroyed: releases its endpoint counter, then its tech count, then its slot. */
    public void released(EndpointHold hold, TechSlot tech) {
        EndpointLimits.release(hold);
        tech.release();
        releaseSlot();
    }

    private void releaseSlot() {
        if (reserved.decrementAndGet() == 0) {
            noSlotReserved.run();
        }
    }

    /** Counts a refusal made before admission (the run state, an unknown tech) and returns it. */
    public CommandRejectedException refused(CommandRejectedException.Reason reason, String message) {
        rejected.increment();
        return new CommandRejectedException(reason, message);
    }

    private static void refundRate(TokenBucket bucket) {
        if (bucket != null) {
            bucket.refund();
        }
    }

    /** The endpoint limits' version, read before a creation is admitted (see {@link #recheck}). */
    public long limitsVersion() {
        return endpoints.version();
    }

    public int reserved() {
        return reserved.get();
    }

    public long rejected() {
        return rejected.sum();
    }

    public long rejectedMax() {
        return rejectedMax.sum();
    }

    public long rejectedRate() {
        return rejectedRate.sum();
    }

    public long rejectedBusy() {
        return rejectedBusy.sum();
    }

    // ---- run-time settings (any thread) ----

    public void setUsageLimit(String endpoint, int max, Iterable<? extends EndpointLimits.Holder> live) {
        endpoints.set(endpoint, max, live);
    }

    public boolean removeUsageLimit(String endpoint) {
        return endpoints.remove(endpoint);
    }

    public Optional<EndpointUsage> usage(String endpoint) {
        return endpoints.usage(endpoint);
    }

    public List<EndpointUsage> usageLimits() {
        return endpoints.all();
    }

    public void setCreationRate(CreationRate rate) {
        creationRate = rate == null ? null : new TokenBucket(rate, clock.getAsLong());
    }

    public Optional<CreationRate> creationRate() {
        TokenBucket b = creationRate;
        return b == null ? Optional.empty() : Optional.of(b.rate);
    }

    /** Whether any usage limit was ever set (only then is an endpoint key needed at creation). */
    public boolean limitsActive() {
        return endpoints.active();
    }
}
