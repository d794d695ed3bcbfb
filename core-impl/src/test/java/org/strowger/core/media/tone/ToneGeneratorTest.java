package org.strowger.core.media.tone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.strowger.core.media.Signals;
import org.strowger.core.media.tone.TonePlans.Tone;

class ToneGeneratorTest {
    private static short[] play(ToneGenerator g, int samples, int chunk) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i += chunk) {
            assertEquals(Math.min(chunk, samples - i), g.generate(out, i, Math.min(chunk, samples - i)));
        }
        return out;
    }

    private static boolean silent(short[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (x[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aDualToneHasBothFrequenciesAtTheConfiguredLevel() {
        for (int rate : new int[] {8000, 16000, 48000}) {
            short[] x = play(ToneGenerator.of("350+440", rate), rate, rate);
            assertEquals(-13, ToneMeter.levelDbm0(x, 0, rate, rate, 350), 0.05, rate + " Hz");
            assertEquals(-13, ToneMeter.levelDbm0(x, 0, rate, rate, 440), 0.05, rate + " Hz");
            assertEquals(-10, ToneMeter.totalDbm0(x, 0, rate), 0.05); // two sines at -13 each
            assertEquals(440, ToneMeter.dominantFrequency(x, 0, rate / 2, rate, 400, 500), 0.1);
        }
        short[] y = play(new ToneGenerator(TonePlan.parse("1000"), 8000, -20), 8000, 160);
        assertEquals(-20, ToneMeter.levelDbm0(y, 0, 8000, 8000, 1000), 0.05);
    }

    @Test
    void theCadenceIsExactToTheSample() {
        // US busy: 500 ms on, 500 ms off, repeating
        short[] x = play(new ToneGenerator(TonePlans.plan("us", Tone.BUSY), 8000), 8000 * 3, 160);
        for (int period = 0; period < 3; period++) {
            int start = period * 8000;
            assertTrue(silent(x, start + 4000, start + 8000), "off half of period " + period);
            for (int block = start; block < start + 4000; block += 80) {
                assertTrue(ToneMeter.totalDbm0(x, block, 80) > -12, "on half at sample " + block);
            }
        }
        // UK ringback: 400 on, 200 off, 400 on, 2000 off
        short[] r = play(new ToneGenerator(TonePlans.plan("uk", Tone.RINGBACK), 8000), 8000 * 6, 333);
        for (int p = 0; p < 2; p++) {
            int s = p * 24000;
            assertFalse(silent(r, s, s + 3200));
            assertTrue(silent(r, s + 3200, s + 4800));
            assertFalse(silent(r, s + 4800, s + 8000));
            assertTrue(silent(r, s + 8000, s + 24000));
            assertTrue(r[s + 3199] != 0 || r[s + 3198] != 0);
        }
    }

    @Test
    void streamingIsPhaseContinuousWhateverTheCallSizes() {
        TonePlan plan = TonePlans.plan("uk", Tone.CONGESTION);
        short[] whole = play(new ToneGenerator(plan, 16000), 40000, 40000);
        for (int chunk : new int[] {1, 7, 160, 333}) {
            assertArrayEquals(whole, play(new ToneGenerator(plan, 16000), 40000, chunk), "chunk " + chunk);
        }
        // and a continuous tone has no seam: the steps at call edges are those of the sine itself
        short[] t = play(ToneGenerator.of("425", 8000), 8000, 7);
        int limit = (int) Math.ceil(Signals.amplitude(-13) * 2 * Math.sin(Math.PI * 425 / 8000)) + 1;
        assertTrue(Signals.maxStep(t, 0, t.length) <= limit);
    }

    @Test
    void onceSegmentsPlayOnlyOnTheFirstPass() {
        // 100 ms of 350+440, then 200 ms of 425 and 200 ms of silence for ever
        short[] x = play(ToneGenerator.of("!350+440/100,425/200,0/200", 8000), 8000 * 2, 160);
        assertEquals(-13, ToneMeter.levelDbm0(x, 0, 800, 8000, 350), 0.2);
        assertTrue(ToneMeter.levelDbm0(x, 800, 1600, 8000, 350) < -60);
        for (int start = 800; start + 3200 <= x.length; start += 3200) {
            assertEquals(-13, ToneMeter.levelDbm0(x, start, 1600, 8000, 425), 0.1, "at " + start);
            assertTrue(silent(x, start + 1600, start + 3200), "at " + start);
        }
    }

    @Test
    void aPlanOfOnlyOnceSegmentsFinishesAndThenIsSilent() {
        ToneGenerator g = ToneGenerator.of("!440/100,!0/50,!620/100", 8000);
        short[] x = play(g, 8000, 160);
        assertTrue(g.finished());
        assertFalse(silent(x, 1200, 2000));
        assertTrue(silent(x, 2000, 8000));
        g.reset();
        assertFalse(g.finished());
        assertArrayEquals(x, play(g, 8000, 160));
    }

    @Test
    void lengthIsWhereAPlanThatDoesNotRepeatFallsSilent() {
        ToneGenerator g = ToneGenerator.of("!440/100,!0/50,!620/100", 8000);
        assertEquals(2000, g.length());
        short[] x = play(g, 4000, 160);
        assertFalse(silent(x, 1990, 2000), "the plan's last 10 samples are still tone");
        assertTrue(silent(x, 2000, 4000));
        assertEquals(-1, ToneGenerator.of("480+620/500,0/500", 8000).length(), "a repeating plan");
        assertEquals(-1, ToneGenerator.of("!440/100,!350+440", 8000).length(), "a last segment without duration");
    }

    @Test
    void aModulatedToneHasItsCarrierAndSidebands() {
        short[] x = play(ToneGenerator.of("425*25", 8000), 8000, 160);
        // s = A sin(c)(1 + 0.9 sin(m)) / 1.9: the carrier at A / 1.9, sidebands at 425 +- 25 Hz at A * 0.45 / 1.9
        double carrier = -13 - 20 * Math.log10(1.9);
        assertEquals(carrier, ToneMeter.levelDbm0(x, 0, 8000, 8000, 425), 0.1);
        assertEquals(carrier + 20 * Math.log10(0.45), ToneMeter.levelDbm0(x, 0, 8000, 8000, 400), 0.1);
        assertEquals(carrier + 20 * Math.log10(0.45), ToneMeter.levelDbm0(x, 0, 8000, 8000, 450), 0.1);
        int peak = 0;
        for (short v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertEquals(Signals.amplitude(-13), peak, Signals.amplitude(-13) * 0.01);
    }

    @Test
    void resetRestartsThePlan() {
        ToneGenerator g = new ToneGenerator(TonePlans.plan("us", Tone.RINGBACK), 8000);
        short[] first = play(g, 20000, 160);
        g.reset();
        assertArrayEquals(first, play(g, 20000, 333));
    }

    @Test
    void generateAllocatesNothing() {
        ToneGenerator g = new ToneGenerator(TonePlans.plan("uk", Tone.CONGESTION), 8000);
        short[] frame = new short[160];
        for (int i = 0; i < 2000; i++) {
            g.generate(frame, 0, 160);
        }
        long bytes = Signals.allocatedBytes(() -> {
            for (int i = 0; i < 1000; i++) {
                g.generate(frame, 0, 160);
            }
        });
        assertTrue(bytes < 1024, bytes + " bytes");
    }

    @Test
    void badArgumentsAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToneGenerator.of("425/100,5000/100", 8000));
        assertTrue(e.getMessage().contains("segment 2") && e.getMessage().contains("Nyquist"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ToneGenerator(TonePlan.parse("425"), 8000, 5));
        assertTrue(e.getMessage().contains("3.14"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ToneGenerator(TonePlan.parse("425"), 8000, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ToneGenerator(TonePlan.parse("425"), 4000));
        assertThrows(IndexOutOfBoundsException.class, () -> ToneGenerator.of("425", 8000).generate(new short[10], 5, 6));
    }
}
