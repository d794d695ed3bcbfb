package org.strowger.core.admission;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.strowger.api.CreationRate;

/**
 * Lincheck over the lock-free pieces of admission control (TokenBucketTest and EndpointLimitsTest stress them on
 * real threads too).
 *
 * <ul>
 *   <li>{@link Bucket}: the creation-rate bucket's take (CAS loop) and refund (add) are linearizable against the same
 *       algorithm run sequentially on a plain long ({@link BucketSpec}), with takes at several instants.</li>
 *   <li>{@link Counter}: an endpoint counter's take never goes above its limit ({@link CounterSpec}: an int).</li>
 *   <li>{@link Protocol}: channels created and destroyed on several threads while another sets and removes the
 *       endpoint's limit (counting the live channels, re-pointing those that held a removed counter). Operations
 *       return nothing; after each run, {@code exactlyOnce} checks at rest that every counter counts exactly the
 *       channels holding it, and that every live channel holds the current counter if there is one.</li>
 * </ul>
 */
public class AdmissionLincheckTest {
    /** interval 10 ns, burst 2: takes at 0, 5, 10, 15 ns cross refills. */
    private static final CreationRate RATE = new CreationRate(1e8, 2);

    @Param(name = "step", gen = IntGen.class, conf = "0:3")
    public static class Bucket {
        private final TokenBucket bucket = new TokenBucket(RATE, 0);

        @Operation
        public boolean take(@Param(name = "step") int step) {
            return bucket.tryTake(() -> step * 5L);
        }

        @Operation
        public void refund() {
            bucket.refund();
        }
    }

    public static class BucketSpec {
        private long tat;

        public boolean take(int step) {
            long now = step * 5L;
            long start = Math.max(tat, now);
            if (start - now > (RATE.burst() - 1) * RATE.intervalNanos()) {
                return false;
            }
            tat = start + RATE.intervalNanos();
            return true;
        }

        public void refund() {
            tat -= RATE.intervalNanos();
        }
    }

    /**
     * Each thread releases only what it acquired, as a channel does. The limit is fixed: a take racing a change of the
     * limit may be decided under the old one (Lincheck finds exactly that history), which ChannelCore.setUsageLimit
     * documents.
     */
    public static class Counter {
        private final EndpointLimits.Counter counter = new EndpointLimits.Counter("e", 2);
        private final int[] held = new int[4]; // per thread, written by that thread only

        @Operation
        public boolean tryAcquire(@Param(gen = ThreadIdGen.class) int thread) {
            boolean ok = counter.tryAcquire();
            if (ok) {
                held[thread]++;
            }
            return ok;
        }

        @Operation
        public void forceAcquire(@Param(gen = ThreadIdGen.class) int thread) {
            counter.forceAcquire();
            held[thread]++;
        }

        @Operation
        public boolean release(@Param(gen = ThreadIdGen.class) int thread) {
            if (held[thread] == 0) {
                return false;
            }
            held[thread]--;
            counter.release();
            return true;
        }

        @Operation
        public int inUse() {
            return counter.inUse();
        }
    }

    public static class CounterSpec {
        private final int[] held = new int[4];
        private int inUse;
        private final int limit = 2;

        public boolean tryAcquire(int thread) {
            if (inUse >= limit) {
                return false;
            }
            inUse++;
            held[thread]++;
            return true;
        }

        public void forceAcquire(int thread) {
            inUse++;
            held[thread]++;
        }

        public boolean release(int thread) {
            if (held[thread] == 0) {
                return false;
            }
            held[thread]--;
            inUse--;
            return true;
        }

        public int inUse() {
            return inUse;
        }
    }

    @Param(name = "k", gen = IntGen.class, conf = "0:1")
    public static class Protocol {
        private static final int THREADS = 3;
        private final EndpointLimits limits = new EndpointLimits();
        private final Set<EndpointLimitsTest.H> registry = ConcurrentHashMap.newKeySet();
        private final EndpointLimitsTest.H[][] holders = new EndpointLimitsTest.H[THREADS][2];
        private final boolean[][] created = new boolean[THREADS][2]; // per thread, written by that thread only
        private final ConcurrentLinkedQueue<EndpointLimits.Counter> counters = new ConcurrentLinkedQueue<>();

        public Protocol() {
            for (int t = 0; t < THREADS; t++) {
                for (int k = 0; k < 2; k++) {
                    holders[t][k] = new EndpointLimitsTest.H("e");
                }
            }
        }

        /** Thread t creates its k-th channel (once); the limit is high enough never to refuse. */
        @Operation
        public void create(@Param(gen = ThreadIdGen.class) int thread, @Param(name = "k") int k) {
            if (!created[thread][k]) {
                created[thread][k] = true;
                EndpointLimitsTest.create(limits, registry, holders[thread][k]);
            }
        }

        @Operation
        public void destroy(@Param(gen = ThreadIdGen.class) int thread, @Param(name = "k") int k) {
            EndpointLimitsTest.destroy(registry, holders[thread][k]);
        }

        @Operation
        public void setLimit() {
            limits.set("e", 100, registry);
            EndpointLimits.Counter c = limits.counter("e");
            if (c != null) {
                counters.add(c);
            }
        }

        @Operation
        public void removeLimit() {
            limits.remove("e");
        }

        @Validate
        public void exactlyOnce() {
            EndpointLimits.Counter current = limits.counter("e");
            if (current != null) {
                counters.add(current);
            }
            for (EndpointLimits.Counter c : counters) {
                int holding = 0;
                for (EndpointLimitsTest.H[] row : holders) {
                    for (EndpointLimitsTest.H h : row) {
                        if (h.held.get() == c) {
                            holding++;
                        }
                    }
                }
                if (c.inUse() != holding) {
                    throw new IllegalStateException(c + " counts " + c.inUse() + " but " + holding + " hold it");
                }
            }
            for (EndpointLimitsTest.H[] row : holders) {
                for (EndpointLimitsTest.H h : row) {
                    EndpointLimits.Counter held = h.held.get();
                    boolean live = registry.contains(h);
                    if (live ? held == EndpointLimits.RELEASED : held != null && held != EndpointLimits.RELEASED) {
                        throw new IllegalStateException("live " + live + " but holds " + held);
                    }
                    if (live && current != null && held != current) {
                        throw new IllegalStateException("a live channel holds " + held + ", not the current " + current);
                    }
                }
            }
        }
    }

    @Test
    void bucketModelChecked() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> new ModelCheckingOptions()
                .iterations(20).invocationsPerIteration(200).threads(3).actorsPerThread(3).actorsBefore(2)
                .actorsAfter(1).sequentialSpecification(BucketSpec.class).check(Bucket.class));
    }

    @Test
    void counterModelChecked() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> new ModelCheckingOptions()
                .iterations(6).invocationsPerIteration(200).threads(3).actorsPerThread(3).actorsBefore(1)
                .actorsAfter(1).sequentialSpecification(CounterSpec.class).check(Counter.class));
    }

    @Test
    void takeOnceReleaseOnceModelChecked() {
        assertTimeoutPreemptively(Duration.ofSeconds(180), () -> new ModelCheckingOptions()
                .iterations(10).invocationsPerIteration(200).threads(Protocol.THREADS).actorsPerThread(3)
                .actorsBefore(1).actorsAfter(1).check(Protocol.class));
    }

    @Test
    void takeOnceReleaseOnceStressed() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> new StressOptions()
                .iterations(15).invocationsPerIteration(1_000).threads(Protocol.THREADS).actorsPerThread(4)
                .actorsBefore(1).actorsAfter(1).check(Protocol.class));
    }
}
