package org.strowger.core.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.strowger.api.EndpointUsage;

/** The per-endpoint counters and the take-once / release-once protocol of {@link EndpointLimits}. */
class EndpointLimitsTest {
    /** A channel's usage field, as ChannelImpl keeps it. */
    static final class H implements EndpointLimits.Holder {
        final String endpoint;
        final AtomicReference<EndpointLimits.Counter> held = new AtomicReference<>();

        H(String endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public EndpointLimits.Counter heldCounter() {
            return held.get();
        }

        @Override
        public boolean casHeldCounter(EndpointLimits.Counter expect, EndpointLimits.Counter update) {
            return held.compareAndSet(expect, update);
        }

        @Override
        public EndpointLimits.Counter swapReleased() {
            return held.getAndSet(EndpointLimits.RELEASED);
        }

        @Override
        public boolean countsOn(String key) {
            return endpoint.equals(key);
        }
    }

    /** The core's creation path: version, take at admission (respecting the limit), register, re-check if changed. */
    static boolean create(EndpointLimits limits, Set<H> registry, H h) {
        long version = limits.version();
        if (limits.active()) {
            EndpointLimits.Counter c = limits.counter(h.endpoint);
            if (c != null) {
                if (!c.tryAcquire()) {
                    return false;
                }
                h.held.set(c);
            }
        }
        registry.add(h);
        if (limits.active() && limits.changedSince(version)) {
            limits.recheck(h, h.endpoint);
        }
        return true;
    }

    /** The core's destroy path: unregister, release. */
    static void destroy(Set<H> registry, H h) {
        if (registry.remove(h)) {
            EndpointLimits.release(h);
        }
    }

    @Test
    void aCounterNeverGoesAboveItsLimitAndReleasesExactlyOnce() {
        EndpointLimits limits = new EndpointLimits();
        Set<H> registry = ConcurrentHashMap.newKeySet();
        assertFalse(limits.active());
        limits.set("SIP/alice", 2, registry);
        assertTrue(limits.active());
        H a = new H("SIP/alice");
        H b = new H("SIP/alice");
        H c = new H("SIP/alice");
        H other = new H("SIP/bob");
        assertTrue(create(limits, registry, a));
        assertTrue(create(limits, registry, b));
        assertFalse(create(limits, registry, c), "the third is refused");
        assertNull(c.held.get(), "a refused creation holds nothing");
        assertTrue(create(limits, registry, other), "another endpoint is not limited");
        assertEquals(Optional.of(new EndpointUsage("SIP/alice", 2, 2)), limits.usage("SIP/alice"));
        assertEquals(Optional.empty(), limits.usage("SIP/bob"));
        destroy(registry, a);
        destroy(registry, a);
        EndpointLimits.release(a); // a second release (a bug) must not count twice either
        assertEquals(1, limits.usage("SIP/alice").orElseThrow().inUse());
        assertSame(EndpointLimits.RELEASED, a.held.get());
        assertTrue(create(limits, registry, c));
        destroy(registry, b);
        destroy(registry, c);
        destroy(registry, other);
        assertEquals(0, limits.usage("SIP/alice").orElseThrow().inUse());
    }

    @Test
    void aNewLimitCountsTheLiveChannelsAndALowerOneHangsNothingUp() {
        EndpointLimits limits = new EndpointLimits();
        Set<H> registry = ConcurrentHashMap.newKeySet();
        List<H> live = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            H h = new H("trunk");
            assertTrue(create(limits, registry, h));
            live.add(h);
        }
        H unrelated = new H("other");
        create(limits, registry, unrelated);
        limits.set("trunk", 2, registry);
        assertEquals(new EndpointUsage("trunk", 2, 3), limits.usage("trunk").orElseThrow(), "over the limit, counted");
        assertFalse(create(limits, registry, new H("trunk")), "refused until the count drops below the limit");
        destroy(registry, live.get(0));
        assertFalse(create(limits, registry, new H("trunk")), "2 live, limit 2");
        destroy(registry, live.get(1));
        H again = new H("trunk");
        assertTrue(create(limits, registry, again));
        limits.set("trunk", 0, registry);
        assertEquals(new EndpointUsage("trunk", 0, 2), limits.usage("trunk").orElseThrow(), "changed in place");
        destroy(registry, live.get(2));
        destroy(registry, again);
        destroy(registry, unrelated);
        assertEquals(0, limits.usage("trunk").orElseThrow().inUse());
    }

    @Test
    void removingAndSettingAgainRecountsChannelsThatHeldTheOldCounter() {
        EndpointLimits limits = new EndpointLimits();
        Set<H> registry = ConcurrentHashMap.newKeySet();
        limits.set("e", 5, registry);
        H a = new H("e");
        create(limits, registry, a);
        EndpointLimits.Counter old = a.held.get();
        assertTrue(limits.remove("e"));
        assertFalse(limits.remove("e"));
        assertEquals(Optional.empty(), limits.usage("e"));
        H b = new H("e");
        create(limits, registry, b);
        assertNull(b.held.get(), "no limit: not counted");
        limits.set("e", 5, registry);
        EndpointLimits.Counter now = limits.counter("e");
        assertSame(now, a.held.get(), "moved from the removed counter");
        assertSame(now, b.held.get());
        assertEquals(2, now.inUse());
        assertEquals(0, old.inUse(), "the removed counter was balanced");
        // a scan of the removed limit that is still running must not take a channel from its successor
        limits.adopt(a, old);
        assertSame(now, a.held.get());
        destroy(registry, a);
        destroy(registry, b);
        assertEquals(0, now.inUse());
        assertEquals(0, old.inUse());
    }

    @Test
    void keysDefaultToTechSlashResource() {
        assertEquals("SIP/alice", EndpointLimits.key("SIP", null, "alice"));
        assertEquals("trunk-1", EndpointLimits.key("SIP", "trunk-1", "alice"));
        assertNull(EndpointLimits.key("Local", null, null));
    }

    /** Real threads: creations, destroys and limit changes at once; at rest every count is exact and none negative. */
    @Test
    void realThreadsChangingLimitsWhileChannelsComeAndGoLeaveExactCounts() throws Exception {
        for (int round = 0; round < 20; round++) {
            EndpointLimits limits = new EndpointLimits();
            Set<H> registry = ConcurrentHashMap.newKeySet();
            String[] endpoints = {"a", "b"};
            AtomicInteger negative = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                threads.add(new Thread(() -> {
                    await(go);
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    List<H> mine = new ArrayList<>();
                    for (int i = 0; i < 3_000; i++) {
                        if (mine.isEmpty() || r.nextBoolean()) {
                            H h = new H(endpoints[r.nextInt(2)]);
                            if (create(limits, registry, h)) {
                                mine.add(h);
                            }
                        } else {
                            destroy(registry, mine.remove(r.nextInt(mine.size())));
                        }
                    }
                    mine.forEach(h -> destroy(registry, h));
                }));
            }
            threads.add(new Thread(() -> {
                await(go);
                ThreadLocalRandom r = ThreadLocalRandom.current();
                for (int i = 0; i < 400; i++) {
                    String e = endpoints[r.nextInt(2)];
                    if (r.nextInt(3) == 0) {
                        limits.remove(e);
                    } else {
                        limits.set(e, 1 + r.nextInt(50), registry);
                    }
                    limits.usage(e).ifPresent(u -> {
                        if (u.inUse() < 0) {
                            negative.incrementAndGet();
                        }
                    });
                }
                limits.set("a", 1_000, registry);
                limits.set("b", 1_000, registry);
            }));
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread th : threads) {
                th.join();
            }
            assertEquals(0, registry.size());
            assertEquals(0, limits.usage("a").orElseThrow().inUse(), "round " + round);
            assertEquals(0, limits.usage("b").orElseThrow().inUse(), "round " + round);
            assertEquals(0, negative.get(), "a count went negative");
        }
    }

    @Test
    void underAFixedLimitTheCountNeverGoesAboveIt() throws Exception {
        EndpointLimits limits = new EndpointLimits();
        Set<H> registry = ConcurrentHashMap.newKeySet();
        limits.set("e", 3, registry);
        EndpointLimits.Counter c = limits.counter("e");
        AtomicInteger worst = new AtomicInteger();
        AtomicInteger holding = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                await(go);
                for (int i = 0; i < 20_000; i++) {
                    H h = new H("e");
                    if (create(limits, registry, h)) {
                        int n = holding.incrementAndGet();
                        worst.accumulateAndGet(Math.max(n, c.inUse()), Math::max);
                        holding.decrementAndGet();
                        destroy(registry, h);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertTrue(worst.get() <= 3, "count reached " + worst.get());
        assertTrue(worst.get() >= 2, "the threads never overlapped; the test proved nothing");
        assertEquals(0, c.inUse());
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
