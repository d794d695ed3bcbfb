package org.strowger.core.media.tone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.strowger.core.media.Signals;

class DtmfGeneratorTest {
    private static final String DIGITS = "123A456B789C*0#D";

    @Test
    void everyDigitHasItsTwoFrequenciesAtTheDefaultLevels() {
        for (int rate : new int[] {8000, 16000}) {
            for (int i = 0; i < 16; i++) {
                DtmfGenerator g = new DtmfGenerator(rate);
                g.start(DIGITS.charAt(i), 100);
                short[] x = new short[rate / 10];
                g.generate(x, 0, x.length);
                double low = Dtmf.LOW[i / 4];
                double high = Dtmf.HIGH[i % 4];
                String what = DIGITS.charAt(i) + " at " + rate;
                assertEquals(low, ToneMeter.dominant(x, 0, x.length, rate, Dtmf.LOW), what);
                assertEquals(high, ToneMeter.dominant(x, 0, x.length, rate, Dtmf.HIGH), what);
                assertEquals(-9, ToneMeter.levelDbm0(x, 0, x.length, rate, low), 0.05, what);
                assertEquals(-7, ToneMeter.levelDbm0(x, 0, x.length, rate, high), 0.05, what);
            }
        }
    }

    @Test
    void theDurationIsExactAndSilenceFollows() {
        DtmfGenerator g = new DtmfGenerator(8000);
        g.start('5', 40);
        short[] x = new short[800];
        for (int i = 0; i < x.length; i += 7) {
            g.generate(x, i, Math.min(7, x.length - i));
        }
        assertFalse(g.active());
        int last = -1;
        for (int i = 0; i < x.length; i++) {
            if (x[i] != 0) {
                last = i;
            }
        }
        assertTrue(last >= 315 && last < 320, "last tone sample " + last); // 40 ms = 320 samples
        assertEquals('5', g.digit());
    }

    @Test
    void twistIsConfigurable() {
        DtmfGenerator g = new DtmfGenerator(16000, -6, -14);
        g.start('d', 200);
        short[] x = new short[3200];
        g.generate(x, 0, x.length);
        assertEquals(-6, ToneMeter.levelDbm0(x, 0, x.length, 16000, 941), 0.05);
        assertEquals(-14, ToneMeter.levelDbm0(x, 0, x.length, 16000, 1633), 0.05);
    }

    @Test
    void streamingDoesNotDependOnCallSizes() {
        DtmfGenerator a = new DtmfGenerator(8000);
        DtmfGenerator b = new DtmfGenerator(8000);
        a.start('#', 120);
        b.start('#', 120);
        short[] x = new short[1200];
        short[] y = new short[1200];
        a.generate(x, 0, 1200);
        for (int i = 0; i < 1200; i += 333) {
            b.generate(y, i, Math.min(333, 1200 - i));
        }
        assertArrayEquals(x, y);
        b.start('1', 10);
        b.stop();
        assertFalse(b.active());
    }

    @Test
    void generateAllocatesNothing() {
        DtmfGenerator g = new DtmfGenerator(8000);
        short[] frame = new short[160];
        g.start('7', 3_600_000);
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
        DtmfGenerator g = new DtmfGenerator(8000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.start('E', 100));
        assertTrue(e.getMessage().contains("'E'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.start('1', 0));
        assertThrows(IllegalArgumentException.class, () -> new DtmfGenerator(11025));
        assertThrows(IllegalArgumentException.class, () -> new DtmfGenerator(8000, 10, -7));
    }
}
