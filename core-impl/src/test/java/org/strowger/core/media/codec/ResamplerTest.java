package org.strowger.core.media.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.strowger.core.media.Signals;
import org.strowger.core.media.tone.ToneMeter;

class ResamplerTest {
    private static final int[] RATES = {8000, 16000, 24000, 48000};

    private static short[] run(Resampler r, short[] in, int chunk) {
        short[] out = new short[Resampler.maxOutput(r.inRate(), r.outRate(), in.length)];
        int o = 0;
        for (int i = 0; i < in.length; i += chunk) {
            int n = Math.min(chunk, in.length - i);
            int expected = r.outputSize(n);
            assertTrue(expected <= Resampler.maxOutput(r.inRate(), r.outRate(), n));
            int written = r.process(in, i, n, out, o);
            assertEquals(expected, written);
            o += written;
        }
        return Arrays.copyOf(out, o);
    }

    private static short[] run(int inRate, int outRate, short[] in) {
        return run(new Resampler(inRate, outRate), in, in.length);
    }

    private static List<int[]> pairs() {
        List<int[]> p = new ArrayList<>();
        for (int a : RATES) {
            for (int b : RATES) {
                if (a != b) {
                    p.add(new int[] {a, b});
                }
            }
        }
        return p;
    }

    @Test
    void equalRatesPassThroughUnchanged() {
        short[] x = Signals.sine(8000, 1000, -10, 800);
        Resampler r = new Resampler(8000, 8000);
        assertEquals(0, r.delay());
        assertArrayEquals(x, run(r, x, 160));
    }

    @Test
    void everyPairKeepsAOneKilohertzToneAtItsFrequencyLevelAndPhase() {
        for (int[] p : pairs()) {
            int in = p[0];
            int out = p[1];
            Resampler r = new Resampler(in, out);
            short[] y = run(r, Signals.sine(in, 1000, -10, in / 2), in / 50);
            assertEquals(out / 2, y.length, "output length " + in + " -> " + out);
            int from = out / 10;
            int n = out / 4;
            String pair = in + " -> " + out;
            assertEquals(1000, ToneMeter.dominantFrequency(y, from, n, out, 900, 1100), 0.2, pair);
            assertEquals(-10, ToneMeter.levelDbm0(y, from, n, out, 1000), 0.05, pair);
            // the ideal output: the same sine at the output rate, delayed by delay()
            short[] ideal = new short[y.length];
            double a = Signals.amplitude(-10);
            for (int m = 0; m < ideal.length; m++) {
                ideal[m] = (short) Math.round(a * StrictMath.sin(2 * Math.PI * 1000 * (m - r.delay()) / out));
            }
            double snr = Signals.snrDb(ideal, from, y, from, n);
            assertTrue(snr > 70, pair + ": SNR against the delayed ideal " + snr + " dB");
        }
    }

    @Test
    void delayIsThirtyTwoSamplesOfTheLowerRate() {
        for (int[] p : pairs()) {
            int low = Math.min(p[0], p[1]);
            assertEquals(32 * p[1] / low, new Resampler(p[0], p[1]).delay(), p[0] + " -> " + p[1]);
        }
    }

    @Test
    void aSineThroughEightSixteenFortyEightAndBackKeepsFrequencyLevelAndWaveform() {
        short[] x = Signals.sine(8000, 1000, -10, 8000);
        Resampler a = new Resampler(8000, 16000);
        Resampler b = new Resampler(16000, 48000);
        Resampler c = new Resampler(48000, 8000);
        short[] y = run(c, run(b, run(a, x, 160), 320), 960);
        assertEquals(x.length, y.length);
        int delay = a.delay() / 2 + b.delay() / 6 + c.delay(); // in 8 kHz samples
        assertEquals(80, delay);
        assertEquals(1000, ToneMeter.dominantFrequency(y, 800, 1600, 8000, 900, 1100), 0.2);
        assertEquals(-10, ToneMeter.levelDbm0(y, 800, 4000, 8000, 1000), 0.05);
        double snr = Signals.snrDb(x, 800, y, 800 + delay, 6000);
        assertTrue(snr > 60, "round-trip SNR " + snr);
    }

    @Test
    void twentyMillisecondFramesJoinWithoutAnyDiscontinuity() {
        for (int[] p : pairs()) {
            int in = p[0];
            int out = p[1];
            short[] x = Signals.sine(in, 1000, -10, in);
            short[] whole = run(new Resampler(in, out), x, x.length);
            short[] framed = run(new Resampler(in, out), x, in / 50);
            assertArrayEquals(whole, framed, in + " -> " + out + ": framed output differs from one-call output");
            // and so the steps across frame edges are no larger than inside frames
            int frame = out / 50;
            int edge = 0;
            for (int i = frame; i < framed.length; i += frame) {
                edge = Math.max(edge, Math.abs(framed[i] - framed[i - 1]));
            }
            int interior = Signals.maxStep(framed, out / 10, framed.length);
            assertTrue(edge <= interior, in + " -> " + out + ": edge step " + edge + " > interior " + interior);
        }
    }

    @Test
    void anyChunkingGivesTheSameOutput() {
        Random random = new Random(5);
        short[] noise = new short[24000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (random.nextGaussian() * 6000);
        }
        for (int[] p : pairs()) {
            short[] whole = run(new Resampler(p[0], p[1]), noise, noise.length);
            for (int chunk : new int[] {1, 7, 333}) {
                assertArrayEquals(whole, run(new Resampler(p[0], p[1]), noise, chunk), p[0] + " -> " + p[1]);
            }
        }
    }

    @Test
    void downsamplingDoesNotAliasAndUpsamplingLeavesNoImages() {
        // 48 kHz -> 8 kHz: tones above 4 kHz must vanish (they would alias into the telephone band)
        for (double f : new double[] {4100, 5000, 7000, 12000, 20000}) {
            short[] y = run(48000, 8000, Signals.sine(48000, f, -3, 24000));
            double level = ToneMeter.totalDbm0(y, 800, 3000);
            assertTrue(level < -3 - 70, f + " Hz leaks through at " + level + " dBm0");
        }
        // 16 kHz -> 8 kHz and 24 kHz -> 16 kHz likewise
        assertTrue(ToneMeter.totalDbm0(run(16000, 8000, Signals.sine(16000, 4500, -3, 8000)), 800, 3000) < -73);
        assertTrue(ToneMeter.totalDbm0(run(24000, 16000, Signals.sine(24000, 8600, -3, 12000)), 1600, 6000) < -73);
        // the telephone band itself passes flat
        for (double f : new double[] {300, 1000, 3000, 3300}) {
            short[] y = run(48000, 8000, Signals.sine(48000, f, -10, 24000));
            assertEquals(-10, ToneMeter.levelDbm0(y, 800, 3000, 8000, f), 0.1, f + " Hz");
        }
        // 8 kHz -> 48 kHz: a 3 kHz tone has images at 5, 11, 13 kHz... all gone
        short[] up = run(8000, 48000, Signals.sine(8000, 3000, -3, 4000));
        double tone = ToneMeter.levelDbm0(up, 4800, 14400, 48000, 3000);
        assertEquals(-3, tone, 0.1);
        for (double image : new double[] {5000, 11000, 13000, 19000, 21000}) {
            double level = ToneMeter.levelDbm0(up, 4800, 14400, 48000, image);
            assertTrue(level < tone - 70, "image at " + image + " Hz: " + level + " dBm0");
        }
    }

    @Test
    void aConstantStaysExactlyConstant() {
        short[] dc = new short[4800];
        Arrays.fill(dc, (short) 12345);
        for (int[] p : pairs()) {
            short[] y = run(p[0], p[1], dc);
            for (int i = 4 * new Resampler(p[0], p[1]).delay(); i < y.length; i++) {
                assertEquals(12345, y[i], p[0] + " -> " + p[1] + " at " + i);
            }
        }
    }

    @Test
    void outputCountsAddUpExactly() {
        Random random = new Random(9);
        for (int[] p : pairs()) {
            Resampler r = new Resampler(p[0], p[1]);
            short[] in = new short[1000];
            short[] out = new short[Resampler.maxOutput(p[0], p[1], 1000)];
            long total = 0;
            long consumed = 0;
            for (int k = 0; k < 200; k++) {
                int n = random.nextInt(1000);
                total += r.process(in, 0, n, out, 0);
                consumed += n;
                // all outputs due for the input so far have been written: ceil(consumed * out / in)
                assertEquals((consumed * p[1] + p[0] - 1) / p[0], total, p[0] + " -> " + p[1]);
            }
        }
        assertEquals(960, Resampler.maxOutput(8000, 48000, 160));
        assertEquals(27, Resampler.maxOutput(48000, 8000, 161));
    }

    @Test
    void resetStartsAFreshStream() {
        short[] x = Signals.sine(16000, 700, -10, 3200);
        Resampler r = new Resampler(16000, 24000);
        run(r, Arrays.copyOf(x, 1111), 1111);
        r.reset();
        assertArrayEquals(run(16000, 24000, x), run(r, x, x.length));
    }

    @Test
    void processAllocatesNothing() {
        Resampler r = new Resampler(8000, 48000);
        Resampler s = new Resampler(48000, 8000);
        short[] in = Signals.sine(8000, 1000, -10, 160);
        short[] mid = new short[960];
        short[] out = new short[160];
        for (int i = 0; i < 2000; i++) {
            s.process(mid, 0, r.process(in, 0, 160, mid, 0), out, 0);
        }
        long bytes = Signals.allocatedBytes(() -> {
            for (int i = 0; i < 500; i++) {
                s.process(mid, 0, r.process(in, 0, 160, mid, 0), out, 0);
            }
        });
        assertTrue(bytes < 1024, bytes + " bytes allocated over 500 frames");
    }

    @Test
    void badArgumentsAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Resampler(44100, 8000));
        assertTrue(e.getMessage().contains("44100"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Resampler(8000, 11025));
        assertThrows(IllegalArgumentException.class, () -> Resampler.maxOutput(8000, 16000, -1));
        Resampler r = new Resampler(8000, 16000);
        assertThrows(IndexOutOfBoundsException.class, () -> r.process(new short[160], 0, 160, new short[319], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> r.process(new short[160], 100, 100, new short[400], 0));
    }
}
