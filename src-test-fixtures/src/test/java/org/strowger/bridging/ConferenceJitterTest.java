package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.media.codec.G711;
import org.strowger.core.media.tone.ToneMeter;
import org.strowger.testkit.Callback;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * A conference of 3, 4 or 50 members whose voice reaches the bridge with up to 40 ms of jitter, end to end on the
 * simulated clock; up to four speak, the others send silence. Each far end sends a tone of its own, in its own format, whose level in each 20 ms frame is one bit of a
 * seeded random code (-10 or -22 dBm0), so a frame's content tells which frame it is. Its frames are injected at
 * jittered virtual times: frame s at 20 ms * s plus a delay of 0 to 40 ms, never overtaking each other, so a late
 * frame comes in a burst with the ones behind it and leaves ticks with none. Every far end must hear, per frame, the
 * tone of every other far end (Goertzel, ToneMeter) with the code bits in the order they were sent: from two seconds
 * in, each bit once, none missing, no frame without the tone, up to the last frame sent; and never its own tone.
 */
@ExtendWith(NoLeakExtension.class)
class ConferenceJitterTest {
    private static final int RATE = 8000;
    private static final int N = 160;
    private static final long PERIOD = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long JITTER = TimeUnit.MILLISECONDS.toNanos(40);
    private static final int FRAMES = 500; // 10 s
    private static final int SETTLED = 100; // 2 s: the frames heard from here on are checked without slack
    private static final double HIGH = -10;
    private static final double LOW = -22;
    private static final double[] TONES = {500, 900, 1300, 1700};
    private static final MediaFormat[] FORMATS = {MediaFormat.ULAW, MediaFormat.ALAW, MediaFormat.SLIN8,
            MediaFormat.ULAW};

    private final Simulation sim = new Simulation(2026);
    private final FakeTech fake = new FakeTech();

    /** Far end {@code i}'s frame {@code s}: its tone, phase-continuous across frames, at the level of code bit s. */
    private static VoiceFrame frame(int i, int s, boolean high) {
        double amplitude = 32767 * Math.pow(10, ((high ? HIGH : LOW) - 3.14) / 20);
        short[] x = new short[N];
        for (int j = 0; j < N; j++) {
            x[j] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * TONES[i] * (s * N + j) / RATE));
        }
        return new VoiceFrame(FORMATS[i], encode(FORMATS[i], x), N, (long) s * N);
    }

    private static byte[] encode(MediaFormat f, short[] x) {
        byte[] p = new byte[f.equals(MediaFormat.SLIN8) ? 2 * x.length : x.length];
        for (int j = 0; j < x.length; j++) {
            if (f.equals(MediaFormat.SLIN8)) {
                p[2 * j] = (byte) x[j];
                p[2 * j + 1] = (byte) (x[j] >> 8);
            } else {
                p[j] = f.equals(MediaFormat.ULAW) ? G711.linearToUlaw(x[j]) : G711.linearToAlaw(x[j]);
            }
        }
        return p;
    }

    private static short[] decode(VoiceFrame v) {
        short[] x = new short[v.samples()];
        for (int j = 0; j < x.length; j++) {
            if (v.format().equals(MediaFormat.SLIN8)) {
                x[j] = (short) ((v.payloadByte(2 * j) & 0xFF) | (v.payloadByte(2 * j + 1) << 8));
            } else {
                x[j] = v.format().equals(MediaFormat.ULAW) ? G711.ulawToLinear(v.payloadByte(j))
                        : G711.alawToLinear(v.payloadByte(j));
            }
        }
        return x;
    }

    /** 1 or 0: the code bit a frame's tone carries; -1: the tone is not there (silence, or a fade). */
    private static int bit(short[] x, double tone) {
        double level = ToneMeter.levelDbm0(x, 0, N, RATE, tone);
        return Math.abs(level - HIGH) < 2 ? 1 : Math.abs(level - LOW) < 2 ? 0 : -1;
    }

    /** When far end {@code i}'s frames reach the core, after {@code start}: jittered, in order. */
    private long[] arrivals(SplittableRandom random, long start) {
        long phase = random.nextLong(PERIOD);
        long[] at = new long[FRAMES];
        long previous = 0;
        for (int s = 0; s < FRAMES; s++) {
            int kind = random.nextInt(7);
            long delay = kind == 0 ? 0 : kind == 1 ? JITTER : random.nextLong(JITTER + 1);
            at[s] = Math.max(previous, start + phase + PERIOD * s + delay);
            previous = at[s];
        }
        return at;
    }

    /** A silent member's frame {@code s}, in PCMU. */
    private static VoiceFrame silence(int s) {
        byte[] p = new byte[N];
        java.util.Arrays.fill(p, G711.linearToUlaw((short) 0));
        return new VoiceFrame(MediaFormat.ULAW, p, N, (long) s * N);
    }

    @ParameterizedTest(name = "{0} members")
    @ValueSource(ints = {3, 4, 50})
    void everyFarEndHearsEveryOtherFarEndsFramesInOrderWithNoneLostOrInsertedUnderFortyMillisecondsOfJitter(
            int members, TestCores cores) {
        int speakers = Math.min(members, TONES.length); // the others send silence, jittered all the same
        ChannelCore core = cores.simulated(sim, b -> { }, fake);
        Bridge room = core.createBridge(BridgeOptions.conference());
        List<Channel> ends = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            Channel ch = core.request(OutboundRequest.of("Fake", "end" + i));
            sim.runUntilQuiescent();
            sim.await(room.join(ch, JoinOptions.PARK_AFTER));
            ends.add(ch);
        }
        assertEquals(BridgeSnapshot.Mode.MIXING, room.snapshot().mode());

        SplittableRandom random = new SplittableRandom(7);
        int[][] code = new int[members][FRAMES];
        int bursts = 0;
        int gaps = 0;
        long start = sim.nanoTime();
        for (int i = 0; i < members; i++) {
            long[] at = arrivals(random.split(), start);
            for (int s = 0; s < FRAMES; s++) {
                code[i][s] = random.nextInt(2);
                VoiceFrame f = i < speakers ? frame(i, s, code[i][s] == 1) : silence(s);
                var remote = fake.channelOf(ends.get(i)).remote();
                sim.schedule(() -> remote.receive(f), at[s] - start, TimeUnit.NANOSECONDS);
                bursts += s >= 2 && (at[s] - start) / PERIOD == (at[s - 2] - start) / PERIOD ? 1 : 0;
                gaps += s >= 1 && (at[s] - start) / PERIOD - (at[s - 1] - start) / PERIOD >= 2 ? 1 : 0;
            }
        }
        assertTrue(bursts > 0 && gaps > 0, "the jitter brings three frames in one tick, and ticks with none");
        sim.runFor(Duration.ofMillis(20L * FRAMES + 1000));

        for (int x = 0; x < members; x++) {
            List<short[]> heard = fake.channelOf(ends.get(x)).callbacks().stream()
                    .filter(c -> c.name().equals("write")).map(Callback::argument).map(VoiceFrame.class::cast)
                    .map(ConferenceJitterTest::decode).toList();
            for (int t = 0; x < speakers && t < heard.size(); t++) {
                assertTrue(ToneMeter.levelDbm0(heard.get(t), 0, N, RATE, TONES[x]) < -40,
                        "far end " + x + " hears its own tone in mixed frame " + t);
            }
            for (int i = 0; i < speakers; i++) {
                if (i != x) {
                    assertHeardInOrder(heard, TONES[i], code[i], "far end " + x + " hearing far end " + i);
                }
            }
        }

        for (Channel ch : ends) {
            ch.hangup(HangupCause.NORMAL_CLEARING);
        }
        sim.runFor(Duration.ofSeconds(1));
    }

    /**
     * From mixed frame SETTLED on, the tone's bits are {@code sent} from some frame on, one per mixed frame, with no
     * frame skipped and no frame without the tone, through the last frame sent.
     */
    private static void assertHeardInOrder(List<short[]> heard, double tone, int[] sent, String who) {
        int[] got = heard.stream().mapToInt(x -> bit(x, tone)).toArray();
        int delay = -1; // mixed frame t carries frame t - delay
        for (int d = 0; d <= SETTLED && delay < 0; d++) {
            boolean match = true;
            for (int t = SETTLED; t < SETTLED + 64 && match; t++) {
                match = got[t] == sent[t - d];
            }
            delay = match ? d : -1;
        }
        if (delay < 0) {
            fail(who + ": mixed frames " + SETTLED + ".." + (SETTLED + 63) + " are not 64 frames sent in a row");
        }
        int last = FRAMES - 1 + delay;
        assertTrue(last < got.length, who + ": the last frame was never mixed");
        for (int t = SETTLED; t <= last; t++) {
            if (got[t] != sent[t - delay]) {
                fail(who + ": mixed frame " + t + " should carry frame " + (t - delay) + " (bit " + sent[t - delay]
                        + ") but " + (got[t] < 0 ? "has no tone" : "carries bit " + got[t])
                        + ": a frame lost or inserted");
            }
        }
        assertTrue(delay <= 6, who + ": " + delay + " frames of delay");
    }
}
