package org.strowger.core.media.playout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.strowger.core.media.Signals;

class JitterBufferTest {
    private static final int RATE = 8000;
    private static final int FRAME = 160;
    private static final long TICK = 20_000_000L;

    /** A frame: its sequence number; concealment frames are negative (minus the timestamp's frame number, - 1). */
    private record F(long n) {
    }

    private final long[] now = {0};
    private final List<Integer> concealCounts = new ArrayList<>();

    private JitterBuffer<F> buffer(int min, int max) {
        return new JitterBuffer<>(RATE, FRAME, min, max, () -> now[0], (ts, consecutive) -> {
            concealCounts.add(consecutive);
            return new F(-(ts / FRAME) - 1);
        });
    }

    /** Polls once per tick for {@code ticks}, advancing the clock; returns what was played (null as IDLE). */
    private List<F> run(JitterBuffer<F> jb, int ticks) {
        List<F> out = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            out.add(jb.poll());
            now[0] += TICK;
        }
        return out;
    }

    /** Sends frames from..to (exclusive), one per tick, each offered just after a poll; collects polls. */
    private List<F> stream(JitterBuffer<F> jb, long from, long to, long tsBase) {
        List<F> out = new ArrayList<>();
        for (long n = from; n < to; n++) {
            jb.offer(new F(n), tsBase + n * FRAME);
            now[0] += TICK / 2;
            out.add(jb.poll());
            now[0] += TICK / 2;
        }
        return out;
    }

    private static List<Long> numbers(List<F> played) {
        List<Long> n = new ArrayList<>();
        for (F f : played) {
            n.add(f == null ? null : f.n());
        }
        return n;
    }

    @Test
    void inOrderFramesPlayInOrderAfterTheStartDelay() {
        JitterBuffer<F> jb = buffer(1, 10);
        assertNull(jb.poll());
        assertEquals(JitterBuffer.Outcome.IDLE, jb.lastOutcome());
        List<F> played = stream(jb, 0, 500, 12345);
        assertEquals(0, played.get(0).n());
        for (int i = 0; i < 500; i++) {
            assertEquals(i, played.get(i).n());
        }
        assertEquals(JitterBuffer.Outcome.PLAYED, jb.lastOutcome());
        assertEquals(500, jb.received());
        assertEquals(500, jb.played());
        assertEquals(0, jb.concealed() + jb.late() + jb.lost() + jb.duplicates() + jb.dropped());
        assertEquals(1, jb.targetDepth());
        assertEquals(0, jb.depth());
        assertTrue(jb.jitterMillis() < 0.01);
    }

    @Test
    void aLargerMinimumDelaysTheStart() {
        JitterBuffer<F> jb = buffer(3, 10);
        List<F> played = stream(jb, 0, 100, 0);
        assertNull(played.get(0));
        assertNull(played.get(1));
        assertEquals(0, played.get(2).n());
        assertEquals(97, played.get(99).n());
        assertEquals(2, jb.depth()); // frames 98 and 99 are waiting
    }

    @Test
    void reorderedFramesWithinTheDepthPlayInOrder() {
        JitterBuffer<F> jb = buffer(2, 10);
        List<F> played = new ArrayList<>();
        for (long n = 0; n < 200; n += 2) {
            jb.offer(new F(n + 1), (n + 1) * FRAME); // each pair swapped
            jb.offer(new F(n), n * FRAME);
            played.addAll(run(jb, 2));
        }
        List<Long> got = numbers(played);
        int first = got.indexOf(0L);
        for (int i = 0; i < 190; i++) {
            assertEquals(i, got.get(first + i));
        }
        assertEquals(0, jb.late() + jb.lost());
    }

    @Test
    void duplicatesAreDroppedWhetherBufferedOrPlayed() {
        JitterBuffer<F> jb = buffer(2, 10);
        assertTrue(jb.offer(new F(0), 0));
        assertFalse(jb.offer(new F(0), 0)); // buffered already
        jb.offer(new F(1), FRAME);
        run(jb, 3);
        assertFalse(jb.offer(new F(0), 0)); // played already
        assertEquals(2, jb.duplicates());
        assertEquals(0, jb.late());
    }

    @Test
    void aMissingFrameIsConcealedAndALateOneDropped() {
        JitterBuffer<F> jb = buffer(1, 10);
        List<F> played = new ArrayList<>();
        for (long n = 0; n < 40; n++) {
            if (n != 20) {
                jb.offer(new F(n), n * FRAME);
            }
            played.addAll(run(jb, 1));
            if (n == 23) {
                assertFalse(jb.offer(new F(20), 20 * FRAME)); // far too late
            }
        }
        assertEquals(-21, played.get(20).n()); // concealment for frame 20, at its timestamp
        assertEquals(List.of(1), concealCounts);
        assertEquals(21, played.get(21).n());
        assertEquals(1, jb.lost());
        assertEquals(1, jb.concealed());
        assertEquals(1, jb.late());
        assertEquals(39, jb.played());
    }

    @Test
    void consecutiveLossesAreCountedForTheConcealer() {
        JitterBuffer<F> jb = buffer(2, 10);
        for (long n = 0; n < 30; n++) {
            if (n < 10 || n > 13) {
                jb.offer(new F(n), n * FRAME);
            }
            run(jb, 1);
        }
        assertEquals(List.of(1, 2, 3, 4), concealCounts);
        assertEquals(4, jb.lost());
    }

    @Test
    void theDelayAdaptsToJitterAndComesBackDownWhenItCalms() {
        JitterBuffer<F> jb = buffer(1, 10);
        Random random = new Random(3);
        // 30 s of frames sent every 20 ms, delivered after 5 ms + |N(0, 25 ms)|, in delivery order
        record Arrival(long at, long n) {
        }
        PriorityQueue<Arrival> net = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
        int frames = 1500;
        for (long n = 0; n < frames; n++) {
            double extra = n < 750 ? Math.abs(random.nextGaussian()) * 25e6 : random.nextDouble() * 1e6;
            net.add(new Arrival(n * TICK + 5_000_000L + (long) extra, n));
        }
        long tick = 0;
        int lateFirstHalf = 0;
        long lateMark = 0;
        int maxTarget = 0;
        while (tick < (frames + 20) * TICK) {
            while (!net.isEmpty() && net.peek().at() <= tick) {
                Arrival a = net.poll();
                now[0] = a.at();
                jb.offer(new F(a.n()), a.n() * FRAME);
            }
            now[0] = tick;
            jb.poll();
            maxTarget = Math.max(maxTarget, jb.targetDepth());
            if (tick == 750 * TICK) {
                lateFirstHalf = (int) jb.late();
                lateMark = jb.late();
            }
            if (tick == 375 * TICK) {
                assertTrue(jb.jitterMillis() > 5, "jitter estimate " + jb.jitterMillis());
            }
            tick += TICK;
        }
        assertTrue(maxTarget >= 3, "target rose to " + maxTarget);
        assertTrue(lateFirstHalf < 40, "late in the jittery half: " + lateFirstHalf);
        assertTrue(jb.late() - lateMark <= 1, "late once calm: " + (jb.late() - lateMark));
        assertTrue(jb.jitterMillis() < 2, "jitter once calm " + jb.jitterMillis());
        assertEquals(1, jb.targetDepth());
        assertTrue(jb.dropped() >= 1, "the delay came back down by dropping frames");
        assertEquals(frames, jb.received());
        // every frame received was played, dropped as late, trimmed, or is still buffered
        assertEquals(jb.received(), jb.played() + jb.late() + jb.duplicates() + jb.dropped() + jb.depth());
    }

    @Test
    void aTimestampJumpResyncsWithoutABurstOrAGap() {
        for (long jump : new long[] {5_000_000L, -12345 * FRAME - 77, Long.MAX_VALUE / 4}) {
            JitterBuffer<F> jb = buffer(2, 10);
            List<F> played = new ArrayList<>(stream(jb, 0, 100, 0));
            // the source changes: new timestamps, same cadence; frame numbers go on for the test's sake
            for (long n = 100; n < 200; n++) {
                jb.offer(new F(n), jump + (n - 100) * FRAME);
                now[0] += TICK / 2;
                played.add(jb.poll());
                now[0] += TICK / 2;
            }
            assertEquals(1, jb.resyncs(), "jump " + jump);
            List<Long> got = numbers(played);
            int first = got.indexOf(0L);
            for (int i = first; i < 199; i++) {
                assertTrue(got.get(i) != null && got.get(i) >= 0, "jump " + jump + ": tick " + i + " played " + got.get(i));
            }
            for (int i = first + 1; i < 199; i++) {
                long step = got.get(i) - got.get(i - 1);
                assertTrue(step == 1 || step == 2, "jump " + jump + ": " + got.get(i - 1) + " then " + got.get(i));
            }
            assertTrue(jb.lost() + jb.concealed() <= 1);
        }
    }

    @Test
    void aLoneStrayTimestampIsDroppedAndTheStreamGoesOn() {
        JitterBuffer<F> jb = buffer(1, 10);
        List<F> played = new ArrayList<>(stream(jb, 0, 50, 0));
        assertFalse(jb.offer(new F(-7), 999_999_999L));
        played.addAll(stream(jb, 50, 100, 0));
        for (int i = 0; i < 100; i++) {
            assertEquals(i, played.get(i).n());
        }
        assertEquals(1, jb.late());
        assertEquals(0, jb.resyncs());
    }

    @Test
    void aShortSilenceKeepsItsTimingAndALongOneRestartsPlayout() {
        JitterBuffer<F> jb = buffer(1, 10);
        List<F> played = new ArrayList<>(stream(jb, 0, 50, 0));
        // three frames not sent (60 ms of discontinuous transmission), then the stream resumes on time
        played.addAll(run(jb, 3));
        now[0] -= 0;
        played.addAll(stream(jb, 53, 100, 0));
        List<Long> got = numbers(played);
        for (int i = 0; i < 100; i++) {
            assertEquals(i < 50 || i >= 53 ? i : -(i + 1), got.get(i), "tick " + i);
        }
        // a second of silence: playout goes quiet after maxFrames polls, and the next talk spurt primes it afresh
        List<F> quiet = run(jb, 50);
        assertNull(quiet.get(49));
        assertFalse(jb.playing());
        List<F> spurt = stream(jb, 150, 200, 0);
        assertEquals(150, spurt.get(0).n());
        assertEquals(199, spurt.get(49).n());
        assertEquals(0, jb.resyncs());
    }

    @Test
    void aBurstBeyondTheMaximumIsTrimmedAtOnce() {
        JitterBuffer<F> jb = buffer(1, 10);
        stream(jb, 0, 20, 0);
        for (long n = 20; n < 50; n++) {
            jb.offer(new F(n), n * FRAME);
        }
        F f = jb.poll();
        assertEquals(40, f.n()); // the oldest twenty were dropped: ten remain, this one included
        assertEquals(20, jb.dropped());
        assertEquals(9, jb.depth());
    }

    @Test
    void steadyStateAllocatesNothing() {
        JitterBuffer<short[]> jb = new JitterBuffer<>(RATE, FRAME, 2, 10, () -> now[0], (ts, n) -> null);
        short[][] payloads = new short[64][FRAME];
        for (int n = 0; n < 3000; n++) {
            jb.offer(payloads[n & 63], (long) n * FRAME);
            now[0] += TICK;
            jb.poll();
        }
        int[] n = {3000};
        int[] wrong = {0};
        long bytes = Signals.allocatedBytes(() -> {
            for (int k = 0; k < 1000; k++, n[0]++) {
                jb.offer(payloads[n[0] & 63], (long) n[0] * FRAME);
                now[0] += TICK;
                if (jb.poll() != payloads[(n[0] - 1) & 63]) {
                    wrong[0]++;
                }
            }
        });
        assertEquals(0, wrong[0]);
        assertTrue(bytes < 1024, bytes + " bytes");
    }

    @Test
    void badArgumentsAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JitterBuffer<F>(RATE, FRAME, 5, 2, () -> 0, (t, c) -> null));
        assertTrue(e.getMessage().contains("5..2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new JitterBuffer<F>(RATE, 0, 1, 2, () -> 0, (t, c) -> null));
        assertThrows(NullPointerException.class, () -> new JitterBuffer<F>(RATE, FRAME, 1, 2, null, (t, c) -> null));
        assertThrows(NullPointerException.class, () -> buffer(1, 2).offer(null, 0));
    }
}
