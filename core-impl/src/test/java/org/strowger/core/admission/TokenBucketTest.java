package org.strowger.core.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.strowger.api.CreationRate;
import org.strowger.api.InvalidArgumentException;

/** The creation-rate bucket (GCRA in one atomic long) against a plain token bucket kept in nanoseconds. */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    /** A textbook token bucket: credit in nanoseconds of refill, capped at burst * interval; a token costs interval. */
    static final class Reference {
        final long interval;
        final long cap;
        long credit;
        long last;

        Reference(CreationRate rate, long now) {
            interval = rate.intervalNanos();
            cap = rate.burst() * interval;
            credit = cap;
            last = now;
        }

        boolean take(long now) {
            credit = Math.min(cap, credit + (now - last));
            last = now;
            if (credit >= interval) {
                credit -= interval;
                return true;
            }
            return false;
        }

        void refund() {
            credit = Math.min(cap, credit + interval);
        }
    }

    private static java.util.function.LongSupplier at(long now) {
        return () -> now;
    }

    @Test
    void aTimeReadBeforeAnotherThreadsTakesCannotMakeTheBucketLookEmpty() {
        // 1 ns per token, burst 1: the tolerance is zero, so any stale time would refuse
        TokenBucket b = new TokenBucket(new CreationRate(1e9, 1), 0);
        long[] time = {0};
        boolean[] first = {true};
        java.util.function.LongSupplier preempted = () -> {
            long read = time[0];
            if (first[0]) { // this thread has read the time and is preempted: others take with later times
                first[0] = false;
                for (int i = 0; i < 10; i++) {
                    time[0] += 10;
                    assertTrue(b.tryTake(() -> time[0]));
                }
                time[0] += 10;
            }
            return read;
        };
        assertTrue(b.tryTake(preempted), "the CAS failed, and the retry read tat and then a fresh time");
    }

    @Test
    void aFullBucketAdmitsTheBurstAtOnceThenOnePerInterval() {
        TokenBucket b = new TokenBucket(new CreationRate(10, 3), 0);
        assertEquals(3, b.available(0));
        assertTrue(b.tryTake(at(0)));
        assertTrue(b.tryTake(at(0)));
        assertTrue(b.tryTake(at(0)));
        assertFalse(b.tryTake(at(0)), "the burst is spent");
        assertFalse(b.tryTake(at(SECOND / 10 - 1)), "one token takes 100 ms to come back");
        assertTrue(b.tryTake(at(SECOND / 10)));
        assertFalse(b.tryTake(at(SECOND / 10)));
        assertEquals(0, b.available(SECOND / 10));
        assertEquals(3, b.available(10 * SECOND), "refills to the burst, never beyond");
        for (int i = 0; i < 3; i++) {
            assertTrue(b.tryTake(at(10 * SECOND)));
        }
        assertFalse(b.tryTake(at(10 * SECOND)), "a long quiet period does not bank more than the burst");
    }

    @Test
    void aRefundGivesOneTokenBackButNeverOverfills() {
        TokenBucket b = new TokenBucket(new CreationRate(1, 2), 0);
        assertTrue(b.tryTake(at(0)));
        assertTrue(b.tryTake(at(0)));
        assertFalse(b.tryTake(at(0)));
        b.refund();
        assertTrue(b.tryTake(at(0)));
        assertFalse(b.tryTake(at(0)));
        TokenBucket full = new TokenBucket(new CreationRate(1, 2), 0);
        full.refund();
        full.refund();
        assertEquals(2, full.available(0));
        assertTrue(full.tryTake(at(0)));
        assertTrue(full.tryTake(at(0)));
        assertFalse(full.tryTake(at(0)), "refunds into a full bucket are lost, as tokens beyond the burst");
    }

    @Test
    void aClockThatStartsNegativeOrWrapsIsHarmless() {
        for (long start : new long[] {-5 * SECOND, Long.MAX_VALUE - SECOND / 8, Long.MIN_VALUE}) {
            TokenBucket b = new TokenBucket(new CreationRate(4, 1), start);
            assertTrue(b.tryTake(at(start)));
            assertFalse(b.tryTake(at(start + SECOND / 4 - 1)));
            assertTrue(b.tryTake(at(start + SECOND / 4)), "start " + start); // may wrap past Long.MAX_VALUE
            assertFalse(b.tryTake(at(start + SECOND / 4)));
        }
    }

    @Test
    void agreesWithATextbookTokenBucketOverRandomTraffic() {
        SplittableRandom r = new SplittableRandom(42);
        for (int run = 0; run < 200; run++) {
            CreationRate rate = new CreationRate(1 + r.nextInt(5_000) / 10.0, 1 + r.nextInt(20));
            long now = r.nextLong(-SECOND, SECOND);
            TokenBucket b = new TokenBucket(rate, now);
            Reference ref = new Reference(rate, now);
            for (int i = 0; i < 2_000; i++) {
                now += r.nextInt(4) == 0 ? 0 : r.nextLong(3 * rate.intervalNanos());
                boolean expected = ref.take(now);
                assertEquals(expected, b.tryTake(at(now)), "run " + run + " step " + i + " at " + now + " with " + rate);
                if (expected && r.nextInt(8) == 0) { // a creation refused later gives its token back
                    ref.refund();
                    b.refund();
                }
            }
        }
    }

    @Test
    void overAnyWindowAtMostBurstPlusRateTimesLengthAreAdmitted() {
        SplittableRandom r = new SplittableRandom(7);
        CreationRate rate = new CreationRate(50, 5);
        TokenBucket b = new TokenBucket(rate, 0);
        List<Long> admitted = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 20_000; i++) {
            now += r.nextLong(rate.intervalNanos() / 2);
            if (b.tryTake(at(now))) {
                admitted.add(now);
            }
        }
        for (int i = 0; i < admitted.size(); i++) {
            for (int j = i; j < admitted.size() && j < i + 200; j++) {
                long length = admitted.get(j) - admitted.get(i);
                long bound = rate.burst() + length / rate.intervalNanos();
                assertTrue(j - i + 1 <= bound, (j - i + 1) + " admitted within " + length + " ns");
            }
        }
        double perSecond = admitted.size() / (now / 1e9);
        assertTrue(perSecond > 45 && perSecond <= 50.5, "sustained " + perSecond + "/s");
    }

    @Test
    void threadsRacingForAFrozenBucketGetExactlyTheBurst() throws Exception {
        for (int round = 0; round < 50; round++) {
            TokenBucket b = new TokenBucket(new CreationRate(1, 1_000), 0);
            AtomicInteger got = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 600; i++) {
                        if (b.tryTake(at(0))) {
                            got.incrementAndGet();
                            if (i % 7 == 0) {
                                b.refund();
                                got.decrementAndGet();
                            }
                        }
                    }
                });
                th.start();
                threads.add(th);
            }
            go.countDown();
            for (Thread th : threads) {
                th.join();
            }
            assertEquals(1_000, got.get(), "every token taken exactly once, refunds included");
            assertFalse(b.tryTake(at(0)));
        }
    }

    @Test
    void badRatesAreRefused() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 1e10, 0.0009}) {
            assertThrows(InvalidArgumentException.class, () -> new CreationRate(bad, 1), "rate " + bad);
        }
        for (int bad : new int[] {0, -1, 1_000_001}) {
            assertThrows(InvalidArgumentException.class, () -> new CreationRate(1, bad), "burst " + bad);
        }
        assertEquals(1, new CreationRate(1e9, 1).intervalNanos());
        assertEquals(1_000_000_000_000L, new CreationRate(0.001, CreationRate.MAX_BURST).intervalNanos());
    }
}
