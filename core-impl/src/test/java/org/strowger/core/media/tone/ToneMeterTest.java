package org.strowger.core.media.tone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.strowger.core.media.Signals;

class ToneMeterTest {
    @Test
    void aFullScaleSineIsZeroDbfsAndPlus314Dbm0() {
        double[] x = new double[8000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 32767 * Math.sin(2 * Math.PI * 1000 * i / 8000.0 + 0.2);
        }
        short[] s = Signals.toShorts(x);
        assertEquals(0, ToneMeter.levelDbfs(s, 0, s.length, 8000, 1000), 0.01);
        assertEquals(3.14, ToneMeter.levelDbm0(s, 0, s.length, 8000, 1000), 0.01);
        assertEquals(0, ToneMeter.totalDbfs(s, 0, s.length), 0.01);
        assertEquals(3.14, ToneMeter.totalDbm0(s, 0, s.length), 0.01);
    }

    @Test
    void zeroDbm0IsASineOfPeak22826() {
        assertEquals(22826, Dbm0.amplitude(0), 1);
        assertEquals(0, Dbm0.ofMeanSquare(22826.0 * 22826 / 2), 0.001);
        short[] s = Signals.sine(8000, 1000, 0, 8000);
        int peak = 0;
        for (short v : s) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertEquals(22826, peak, 2);
    }

    @Test
    void eachComponentOfAMixtureReadsAtItsOwnLevelWhateverTheBlockLength() {
        int rate = 16000;
        for (int n : new int[] {1601, 3200, 7919}) {
            double[] x = new double[n];
            Signals.addSine(x, rate, 1000, -10, 0.1);
            Signals.addSine(x, rate, 1234.5, -25, 0.7);
            Signals.addSine(x, rate, 5000, -40, 1.3);
            short[] s = Signals.toShorts(x);
            assertEquals(-10, ToneMeter.levelDbm0(s, 0, n, rate, 1000), 0.05);
            assertEquals(-25, ToneMeter.levelDbm0(s, 0, n, rate, 1234.5), 0.1);
            assertEquals(-40, ToneMeter.levelDbm0(s, 0, n, rate, 5000), 0.3);
            assertTrue(ToneMeter.levelDbm0(s, 0, n, rate, 3000) < -80);
        }
    }

    @Test
    void theDominantCandidateAndFrequencyAreFound() {
        double[] x = new double[4000];
        Signals.addSine(x, 8000, 697, -20, 0);
        Signals.addSine(x, 8000, 1336, -14, 0);
        short[] s = Signals.toShorts(x);
        assertEquals(1336, ToneMeter.dominant(s, 0, s.length, 8000, 697, 770, 1209, 1336, 1477));
        assertEquals(697, ToneMeter.dominant(s, 0, s.length, 8000, 697, 770, 852, 941));
        assertEquals(1336, ToneMeter.dominantFrequency(s, 0, s.length, 8000, 1000, 2000), 0.1);
        assertEquals(697, ToneMeter.dominantFrequency(s, 0, s.length, 8000, 600, 800), 0.1);
        short[] t = Signals.sine(8000, 1002.37, -10, 800);
        assertEquals(1002.37, ToneMeter.dominantFrequency(t, 0, t.length, 8000, 900, 1100), 0.1);
    }

    @Test
    void silenceIsMinusInfinity() {
        short[] z = new short[160];
        assertEquals(Double.NEGATIVE_INFINITY, ToneMeter.totalDbm0(z, 0, 160));
        assertEquals(Double.NEGATIVE_INFINITY, ToneMeter.levelDbm0(z, 0, 160, 8000, 1000));
    }

    @Test
    void badArgumentsAreRejectedClearly() {
        short[] s = new short[160];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ToneMeter.levelDbm0(s, 0, 160, 8000, 4500));
        assertTrue(e.getMessage().contains("4500"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ToneMeter.levelDbm0(s, 0, 0, 8000, 1000));
        assertThrows(IllegalArgumentException.class, () -> ToneMeter.dominant(s, 0, 160, 8000));
        assertThrows(IllegalArgumentException.class, () -> ToneMeter.dominantFrequency(s, 0, 160, 8000, 900, 800));
        assertThrows(IndexOutOfBoundsException.class, () -> ToneMeter.totalDbm0(s, 100, 100));
    }
}
