package org.strowger.core.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.EndpointUsage;
import org.strowger.core.log.LogText;

/*
 * Per-endpoint usage limits (chan_sip's call-limit). Only endpoints with a limit are counted: one Counter per such
 * endpoint in a ConcurrentHashMap. Each channel holds, in one field of its own (see Holder), the counter it took, and
 * destroy swaps that field to RELEASED and releases what it held: exactly once, and exactly the counter that was
 * taken, even if the limit was removed or replaced meanwhile. Until a limit is first set, creation reads one volatile
 * boolean and destroy swaps a null.
 *
 * Creation takes the counter with a CAS loop that never goes above the limit. A limit set on an endpoint without one
 * creates its counter, bumps a version and then adopts the endpoint's live channels found in the registry; a channel
 * being created reads the version before its admission looks the endpoint up and again after it is registered, and
 * if it changed, re-checks the map and adopts the same way. The setter puts and bumps before it scans, the creator
 * registers before it reads the version again, so one of the two always sees the other (and a creation that races
 * no new limit pays two volatile reads, not a second lookup). Adopting increments first, then CASes the
 * channel's field from what it held (nothing, or a counter since removed) to the new counter, and undoes the increment
 * if the CAS loses (the channel was released or adopted already): the CAS makes each adoption happen once. A channel
 * holding its endpoint's current counter is never moved, so a slow scan of a limit removed since cannot take it away.
 * The count is exact whenever nothing is in flight. While a new limit counts the live channels, a creation may see the
 * count a little high or low; it is then refused or admitted under the old rule, as documented.
 */
public final class EndpointLimits {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointLimits.class);

    /** One endpoint's limit and the live channels counted on it. */
    public static final class Counter {
        final String endpoint;
        private volatile int limit;
        private final AtomicInteger inUse = new AtomicInteger();

        Counter(String endpoint, int limit) {
            this.endpoint = endpoint;
            this.limit = limit;
        }

        /** Counts one more channel unless that would go above the limit. */
        public boolean tryAcquire() {
            while (true) {
                int n = inUse.get();
                if (n >= limit) {
                    return false;
                }
                if (inUse.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        /** Counts a channel admitted before this counter existed (it may go above the limit). */
        void forceAcquire() {
            inUse.incrementAndGet();
        }

        void release() {
            if (inUse.decrementAndGet() < 0) {
                LOG.error("endpoint {}: usage went below zero", LogText.escape(endpoint));
            }
        }

        public int inUse() {
            return inUse.get();
        }

        public int limit() {
            return limit;
        }

        void setLimit(int max) {
            this.limit = max;
        }

        EndpointUsage usage() {
            return new EndpointUsage(endpoint, limit, inUse.get());
        }

        @Override
        public String toString() {
            return "Counter[" + endpoint + ", " + inUse.get() + "/" + limit + "]";
        }
    }

    /** What a channel holds after destroy; never counted. */
    public static final Counter RELEASED = new Counter("released", 0);

    /** A channel's claim on at most one counter, kept in one field of the channel. */
    public interface Holder {
        /** The counter held now: null, a counter, or {@link #RELEASED}. */
        Counter heldCounter();

        boolean casHeldCounter(Counter expect, Counter update);

        /** Sets the field to {@link #RELEASED} and returns what it held. */
        Counter swapReleased();

        /** True if this channel counts on {@code endpoint}. */
        boolean countsOn(String endpoint);
    }

    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile boolean active;
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

    /** The key of a channel: {@code explicit}, else {@code tech/resource}; null if it counts on no endpoint. */
    public static String key(String tech, String explicit, String resource) {
        if (explicit != null) {
            return explicit;
        }
        return resource == null ? null : tech + '/' + resource;
    }

    /** True once any limit has been set: only then do creations look endpoints up. */
    public boolean active() {
        return active;
    }

    /** Changes whenever a counter is added or removed; read it before the admission lookup. */
    public long version() {
        return version.get();
    }

    /** True if a counter was added or removed since {@code before} was read: a registered channel must re-check. */
    public boolean changedSince(long before) {
        return version.get() != before;
    }

    /** The counter of {@code endpoint}, or null if it has no limit. */
    public Counter counter(String endpoint) {
        return counters.get(endpoint);
    }

    /** Sets or changes a limit; a new one counts the endpoint's live channels among {@code live}. Any thread. */
    public void set(String endpoint, int max, Iterable<? extends Holder> live) {
        active = true; // before the put: a creator that misses it is registered before the scan below
        Counter fresh = new Counter(endpoint, max);
        Counter existing = counters.putIfAbsent(endpoint, fresh);
        if (existing != null) {
            existing.setLimit(max);
            return;
        }
        version.incrementAndGet(); // after the put, before the scan
        for (Holder h : live) {
            if (h.countsOn(endpoint)) {
                adopt(h, fresh);
            }
        }
    }

    /** Removes a limit; channels holding its counter keep it until they are destroyed (it is no longer read). */
    public boolean remove(String endpoint) {
        if (counters.remove(endpoint) == null) {
            return false;
        }
        version.incrementAndGet();
        return true;
    }

    public Optional<EndpointUsage> usage(String endpoint) {
        Counter c = counters.get(endpoint);
        return c == null ? Optional.empty() : Optional.of(c.usage());
    }

    public List<EndpointUsage> all() {
        List<EndpointUsage> out = new ArrayList<>(counters.size());
        for (Counter c : counters.values()) {
            out.add(c.usage());
        }
        return out;
    }

    /** After a channel is registered: adopt the counter of its endpoint if one appeared since it was admitted. */
    public void recheck(Holder h, String endpoint) {
        Counter c = counters.get(endpoint);
        if (c != null) {
            adopt(h, c);
        }
    }

    /**
     * Makes {@code h} hold {@code c}, counted once, unless it holds it already, was released, or holds the endpoint's
     * current counter (a scan of a limit removed since must not take a channel away from its successor).
     */
    void adopt(Holder h, Counter c) {
        while (true) {
            Counter cur = h.heldCounter();
            if (cur == c || cur == RELEASED || (cur != null && counters.get(cur.endpoint) == cur)) {
                return;
            }
            c.forceAcquire();
            if (h.casHeldCounter(cur, c)) {
                if (cur != null) {
                    cur.release(); // a counter since removed: no longer read, but kept balanced
                }
                return;
            }
            c.release();
        }
    }

    /** Releases what {@code h} holds; exactly once per channel, at destroy or when its creation is backed out. */
    public static void release(Holder h) {
        Counter c = h.swapReleased();
        if (c != null && c != RELEASED) {
            c.release();
        }
    }
}
