package org.strowger.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.strowger.core.media.Signals;

/**
 * The mixer on its own: sum, minus self, clamp, and each member's playout queue under jitter. In the jitter tests a
 * member's frame carries who sent it and its sequence number in three samples of its own (member i owns samples
 * 3i..3i+2: sequence + 1, i + 1, a check value; zero elsewhere), so a mix, an exact sum of frames that do not
 * overlap, tells exactly which frame of every other member it holds, a faded one, or none.
 */
class MixerTest {
    private static final int N = 160;
    private static final long TICK = JitteredArrivals.PERIOD_MICROS;
    /** Ticks after which every queue has adapted to 40 ms of jitter (it grows at each late frame, at most twice). */
    private static final int SETTLED = 100;
    private static final int SILENCE = -1;
    private static final int NOT_A_FRAME = -2;

    private static short[] level(int level) {
        short[] f = new short[N];
        Arrays.fill(f, (short) level);
        return f;
    }

    private static Map<String, short[]> tick(Mixer<String> m) {
        Map<String, short[]> out = new HashMap<>();
        m.tick((who, mix) -> out.put(who, mix.clone()));
        return out;
    }

    private static int check(int member, int seq) {
        return 1 + (seq * 31 + member * 7) % 30_000;
    }

    /** Member {@code i}'s frame {@code seq}, written into {@code frame} (zero but for i's three samples). */
    private static void encode(short[] frame, int i, int seq) {
        frame[3 * i] = (short) (seq + 1);
        frame[3 * i + 1] = (short) (i + 1);
        frame[3 * i + 2] = (short) check(i, seq);
    }

    /** The sequence number of member {@code i}'s frame in {@code mix}, SILENCE, or NOT_A_FRAME (a fade). */
    private static int decode(short[] mix, int i) {
        int seq = mix[3 * i] - 1;
        if (seq == -1 && mix[3 * i + 1] == 0 && mix[3 * i + 2] == 0) {
            return SILENCE;
        }
        return seq >= 0 && mix[3 * i + 1] == i + 1 && mix[3 * i + 2] == check(i, seq) ? seq : NOT_A_FRAME;
    }

    /** What a conference under jitter played: per member, per tick, what the others heard of it. */
    private record Run(int[][] heard, List<Mixer.Slot<Integer>> slots, int ticks, int[] burstsAndGaps) {
    }

    /**
     * {@code members} members each send {@code frames} frames arriving as JitteredArrivals draws them (up to
     * {@code jitter} us late), every member but those in {@code mute}; ticks run every 20 ms until every queue is
     * drained. Checks at each tick that every listener hears the same of each other member and nothing of itself.
     */
    private static Run conference(long seed, int members, int frames, long jitter, int... mute) {
        SplittableRandom random = new SplittableRandom(seed);
        Mixer<Integer> m = new Mixer<>(N);
        List<Mixer.Slot<Integer>> slots = new ArrayList<>();
        long[][] arrivals = new long[members][];
        for (int i = 0; i < members; i++) {
            slots.add(m.add(i));
            int n = i;
            arrivals[i] = Arrays.stream(mute).anyMatch(x -> x == n) ? new long[0]
                    : JitteredArrivals.of(random.split(), frames, jitter);
        }
        int ticks = frames + 10;
        int[][] heard = new int[members][ticks];
        int[] next = new int[members];
        int[] burstsAndGaps = new int[2];
        short[] frame = new short[N];
        for (int t = 0; t < ticks; t++) {
            long now = (t + 1) * TICK; // arrivals at the very instant of a tick come before it
            for (int i = 0; i < members; i++) {
                int before = next[i];
                while (next[i] < arrivals[i].length && arrivals[i][next[i]] <= now) {
                    Arrays.fill(frame, (short) 0);
                    encode(frame, i, next[i]);
                    m.put(slots.get(i), frame, N);
                    next[i]++;
                }
                if (next[i] < arrivals[i].length) {
                    burstsAndGaps[0] += next[i] - before >= 3 ? 1 : 0;
                    burstsAndGaps[1] += next[i] == before && before > 0 ? 1 : 0;
                }
            }
            int tick = t;
            for (int[] row : heard) {
                row[tick] = Integer.MIN_VALUE;
            }
            m.tick((listener, mix) -> {
                assertEquals(SILENCE, decode(mix, listener), "member " + listener + " hears itself at tick " + tick);
                for (int i = 0; i < members; i++) {
                    if (i == listener) {
                        continue;
                    }
                    int v = decode(mix, i);
                    if (heard[i][tick] == Integer.MIN_VALUE) {
                        heard[i][tick] = v;
                    } else if (heard[i][tick] != v) {
                        fail("listeners hear member " + i + " differently at tick " + tick);
                    }
                }
            });
        }
        return new Run(heard, slots, ticks, burstsAndGaps);
    }

    /**
     * Member {@code i} was heard playing every one of its {@code frames} frames exactly once and in order, and from
     * tick SETTLED on, one every tick with nothing (silence, a fade) in between until its last.
     */
    private static void assertPlayedInFull(Run run, int i, int frames, long seed) {
        String who = "seed " + seed + ", member " + i;
        int[] h = run.heard()[i];
        int expected = 0;
        int settledFrom = -1;
        for (int t = 0; t < run.ticks(); t++) {
            if (h[t] >= 0) {
                assertEquals(expected, h[t], who + ": frame out of order, lost or repeated at tick " + t);
                expected++;
            } else if (t >= SETTLED && expected < frames && expected > 0) {
                fail(who + ": " + (h[t] == SILENCE ? "silence" : "a fade") + " inserted at tick " + t
                        + " before frame " + expected);
            }
            if (t == SETTLED) {
                settledFrom = expected;
            }
        }
        assertEquals(frames, expected, who + ": frames never played");
        assertTrue(settledFrom > 0, who + ": not playing by tick " + SETTLED);
        PlayoutQueue q = run.slots().get(i).queue;
        assertEquals(0, q.dropped(), who + ": frames dropped");
        assertTrue(q.target() <= PlayoutQueue.MAX_TARGET);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 10, 50})
    void underFortyMillisecondsOfJitterEveryFrameOfEveryMemberIsHeardInOrderWithNothingInserted(int members) {
        int frames = 1_000; // 20 s
        for (long seed = 1; seed <= 8; seed++) {
            Run run = conference(seed * 1_000 + members, members, frames, 40_000);
            for (int i = 0; i < members; i++) {
                assertPlayedInFull(run, i, frames, seed);
            }
            assertTrue(run.burstsAndGaps()[0] > 0, "the arrivals have bursts of three frames in a tick");
            assertTrue(run.burstsAndGaps()[1] > 0, "and ticks with no frame");
        }
    }

    @Test
    void withoutJitterPlayoutStartsAtOnceAndStaysOneFrameDeep() {
        Run run = conference(7, 10, 500, 0);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, run.heard()[i][0], "the first frame plays at the first tick after it came");
            assertPlayedInFull(run, i, 500, 7);
            assertEquals(1, run.slots().get(i).queue.target());
            assertEquals(1, run.slots().get(i).queue.ranDry(), "dry only after its last frame");
        }
    }

    @Test
    void aSilentMemberDoesNotDisturbTheOthersAndHearsThemAll() {
        Run run = conference(11, 10, 1_000, 40_000, 4);
        for (int i = 0; i < 10; i++) {
            if (i != 4) {
                assertPlayedInFull(run, i, 1_000, 11);
            }
        }
        assertTrue(Arrays.stream(run.heard()[4]).allMatch(v -> v == SILENCE), "the silent member adds nothing");
        assertEquals(PlayoutQueue.MIN_TARGET, run.slots().get(4).queue.target());
    }

    @Test
    void aMemberThatStopsSendingFadesOutOnceAndIsThenSilentWhileTheOthersGoOn() {
        Mixer<String> m = new Mixer<>(N);
        Mixer.Slot<String> a = m.add("a");
        Mixer.Slot<String> b = m.add("b");
        Mixer.Slot<String> c = m.add("c");
        for (int t = 0; t < 10; t++) {
            m.put(a, level(1000), N);
            m.put(b, level(10), N);
            assertEquals(1010, tick(m).get("c")[N - 1]);
        }
        m.put(b, level(10), N); // a stops
        short[] fading = tick(m).get("c");
        assertEquals(1010, fading[0]);
        assertEquals(10 + 1000 * (N / 2) / N, fading[N / 2], "a's last frame again, fading linearly");
        assertEquals(10 + 1000 / N, fading[N - 1]);
        for (int t = 0; t < 5; t++) {
            m.put(b, level(10), N);
            Map<String, short[]> out = tick(m);
            assertEquals(10, out.get("c")[0], "then a is silent");
            assertEquals(10, out.get("a")[N - 1], "and hears b as before");
        }
        assertEquals(1, a.queue.ranDry());
        assertEquals(0, b.queue.ranDry());
    }

    @Test
    void aSharedFrameIsHeardByEveryMemberOnTopOfTheOthersAndClampedWithThem() {
        Mixer<String> m = new Mixer<>(N);
        Mixer.Slot<String> a = m.add("a");
        Mixer.Slot<String> b = m.add("b");
        m.put(a, level(1000), N);
        Map<String, short[]> out = new HashMap<>();
        m.tick(level(50), (who, mix) -> out.put(who, mix.clone()));
        assertEquals(50, out.get("a")[0], "a hears the shared frame, not itself");
        assertEquals(1050, out.get("b")[N - 1], "b hears a and the shared frame");
        m.put(a, level(30_000), N);
        m.put(b, level(-100), N);
        m.tick(level(10_000), (who, mix) -> out.put(who, mix.clone()));
        assertEquals(Short.MAX_VALUE, out.get("b")[0], "30000 + 10000 clamps");
        assertEquals(9_900, out.get("a")[0]);
        assertEquals(-100, tick(m).get("a")[0], "a tick without one: a hears only b, fading out from full");
    }

    @Test
    void everyMemberHearsTheSumOfTheOthersClampedTo16Bits() {
        Mixer<String> m = new Mixer<>(N);
        Mixer.Slot<String> a = m.add("a");
        Mixer.Slot<String> b = m.add("b");
        Mixer.Slot<String> c = m.add("c");
        m.put(a, level(1000), N);
        m.put(b, level(-300), N);
        m.put(c, level(2000), N);
        Map<String, short[]> out = tick(m);
        assertEquals(1700, out.get("a")[0], "a hears b + c, not itself");
        assertEquals(3000, out.get("b")[7]);
        assertEquals(700, out.get("c")[N - 1]);
        m.put(a, level(30_000), N);
        m.put(b, level(30_000), N);
        m.put(c, level(-30_000), N);
        out = tick(m);
        assertEquals(Short.MAX_VALUE, out.get("c")[0], "30000 + 30000 clamps");
        assertEquals(0, out.get("a")[0]);
        m.put(a, level(-30_000), N);
        m.put(b, level(-30_000), N);
        m.put(c, level(30_000), N);
        assertEquals(Short.MIN_VALUE, tick(m).get("c")[N - 1]);
        m.remove(b);
        assertEquals(2, m.size());
    }

    @Test
    void framesSentWithinOneTickAreAllPlayedAndOverflowDropsTheOldestCounted() {
        Mixer<String> m = new Mixer<>(N);
        Mixer.Slot<String> a = m.add("a");
        m.add("b");
        m.add("c");
        for (int v = 1; v <= 4; v++) {
            m.put(a, level(v), N); // target 1 holds 1 + 2 frames: the fourth drops the first
        }
        assertEquals(1, a.queue.dropped());
        for (int v = 2; v <= 4; v++) {
            assertEquals(v, tick(m).get("b")[0], "b hears a's frames one a tick, oldest first");
        }
        m.put(a, level(5), N);
        m.put(a, level(6), N);
        assertEquals(5, tick(m).get("c")[0], "two in one tick: neither replaces the other");
        assertEquals(6, tick(m).get("c")[0]);
        assertEquals(1, a.queue.dropped());
    }

    @Test
    void aTickAllocatesNothingInSteadyState() {
        Mixer<Integer> m = new Mixer<>(N);
        List<Mixer.Slot<Integer>> slots = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            slots.add(m.add(i));
        }
        short[] voice = level(500);
        long[] heard = new long[1];
        Mixer.Output<Integer> out = (who, mix) -> heard[0] += mix[who];
        Runnable ticks = () -> {
            for (int t = 0; t < 1_000; t++) {
                for (int i = 0; i < slots.size(); i++) {
                    int burst = (t + i) % 5 == 0 ? 0 : (t + i) % 5 == 1 ? 2 : 1; // gaps and bursts
                    for (int b = 0; b < burst; b++) {
                        m.put(slots.get(i), voice, N);
                    }
                }
                m.tick(out);
            }
        };
        for (int warm = 0; warm < 20; warm++) { // let the JIT settle
            ticks.run();
        }
        long bytes = Signals.allocatedBytes(ticks);
        assertTrue(bytes < 200, bytes + " bytes allocated in 1,000 ticks of 50 members (a few dozen are the "
                + "measurement's own)");
        assertNotEquals(0, heard[0]);
        assertEquals(0, slots.get(0).queue.dropped());
    }
}
