package org.strowger.core.media.playout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.strowger.core.media.Signals;
import org.strowger.core.media.tone.ToneMeter;

class LossConcealmentTest {
    private static final int RATE = 8000;
    private static final int FRAME = 160;

    /** Plays {@code signal} frame by frame through concealment, losing the frames in {@code lost}. */
    private static short[] play(short[] signal, int frame, int rate, int... lost) {
        LossConcealment plc = new LossConcealment(rate, frame);
        short[] out = new short[signal.length];
        for (int f = 0; f * frame < signal.length; f++) {
            int at = f * frame;
            int k = f;
            if (Arrays.stream(lost).anyMatch(l -> l == k)) {
                plc.conceal(out, at);
            } else {
                System.arraycopy(signal, at, out, at, frame);
                plc.good(out, at);
            }
        }
        return out;
    }

    private static double energy(short[] x, int from, int n) {
        double e = 0;
        for (int i = from; i < from + n; i++) {
            e += (double) x[i] * x[i];
        }
        return e;
    }

    @Test
    void oneLostFrameOfAToneIsReplacedByTheToneFadingSlightly() {
        for (double f : new double[] {400, 440, 1000, 180}) {
            short[] x = Signals.sine(RATE, f, -10, FRAME * 20);
            short[] y = play(x, FRAME, RATE, 10);
            int at = 10 * FRAME;
            double c = Signals.correlation(x, at, y, at, FRAME);
            assertTrue(c > 0.98, f + " Hz: correlation of the concealed frame " + c);
            // the gain falls from 1 to 2/3 across the frame: about -1.6 dB
            double drop = ToneMeter.totalDbm0(y, at, FRAME) - ToneMeter.totalDbm0(x, at, FRAME);
            assertEquals(-1.6, drop, 0.5, f + " Hz");
            // no click going in, nor coming out
            int natural = Signals.maxStep(x, FRAME, x.length);
            assertTrue(Signals.maxStep(y, at - 2, at + FRAME + 40) <= natural * 1.3, f + " Hz: step "
                    + Signals.maxStep(y, at - 2, at + FRAME + 40) + " vs natural " + natural);
            assertArrayEquals(Arrays.copyOfRange(x, at + FRAME + 40, x.length),
                    Arrays.copyOfRange(y, at + FRAME + 40, y.length), "untouched after the cross-fade");
        }
    }

    @Test
    void aVoiceLikeSignalIsContinuedAtItsPitch() {
        short[] x = Signals.speechLike(RATE, FRAME * 30, 125, new double[] {500, 1500, 2500}, -15, 0, 1);
        short[] y = play(x, FRAME, RATE, 15);
        double c = Signals.correlation(x, 15 * FRAME, y, 15 * FRAME, FRAME);
        assertTrue(c > 0.8, "correlation " + c);
        int natural = Signals.maxStep(x, FRAME, x.length);
        assertTrue(Signals.maxStep(y, 15 * FRAME - 2, 16 * FRAME + 40) <= natural * 1.3);
    }

    @Test
    void aLongLossFadesToSilenceWithinThreeFramesAndFadesBackIn() {
        short[] x = Signals.sine(RATE, 440, -10, FRAME * 20);
        short[] y = play(x, FRAME, RATE, 5, 6, 7, 8, 9);
        double e5 = energy(y, 5 * FRAME, FRAME);
        double e6 = energy(y, 6 * FRAME, FRAME);
        double e7 = energy(y, 7 * FRAME, FRAME);
        assertTrue(e5 > e6 && e6 > e7 && e7 > 0, e5 + " " + e6 + " " + e7);
        for (int i = 8 * FRAME; i < 10 * FRAME; i++) {
            assertEquals(0, y[i], "silent at " + i);
        }
        // the return starts from silence, without a step
        assertTrue(Math.abs(y[10 * FRAME]) < 300, "first sample back " + y[10 * FRAME]);
        assertTrue(Signals.maxStep(y, 10 * FRAME - 1, 11 * FRAME) <= Signals.maxStep(x, FRAME, x.length));
        assertEquals(-10, ToneMeter.totalDbm0(y, 11 * FRAME, 4 * FRAME), 0.1);
    }

    @Test
    void itWorksAtWidebandRatesAndWithJitterBufferFrames() {
        short[] x = Signals.sine(16000, 700, -10, 320 * 20);
        short[] y = play(x, 320, 16000, 7);
        assertTrue(Signals.correlation(x, 7 * 320, y, 7 * 320, 320) > 0.98);
        // as a JitterBuffer concealer
        LossConcealment plc = new LossConcealment(RATE, FRAME);
        long[] now = {0};
        JitterBuffer<short[]> jb = new JitterBuffer<>(RATE, FRAME, 1, 10, () -> now[0], (ts, n) -> plc.conceal());
        short[] tone = Signals.sine(RATE, 440, -10, FRAME * 50);
        short[] out = new short[tone.length];
        for (int f = 0; f < 50; f++) {
            if (f != 20 && f != 21) {
                jb.offer(Arrays.copyOfRange(tone, f * FRAME, (f + 1) * FRAME), (long) f * FRAME);
            }
            short[] played = jb.poll();
            if (jb.lastOutcome() == JitterBuffer.Outcome.PLAYED) {
                plc.good(played, 0);
            }
            System.arraycopy(played, 0, out, f * FRAME, FRAME);
            now[0] += 20_000_000L;
        }
        assertEquals(2, jb.concealed());
        assertTrue(Signals.maxStep(out, 0, out.length) <= Signals.maxStep(tone, 0, tone.length) * 1.3);
        assertTrue(Signals.correlation(tone, 20 * FRAME, out, 20 * FRAME, 2 * FRAME) > 0.95);
    }

    @Test
    void silenceBeforeAnyGoodFrameConcealsAsSilence() {
        LossConcealment plc = new LossConcealment(RATE, FRAME);
        short[] f = plc.conceal();
        assertEquals(FRAME, f.length);
        for (short s : f) {
            assertEquals(0, s);
        }
        assertEquals(1, plc.missing());
    }

    @Test
    void concealAndGoodAllocateNothing() {
        LossConcealment plc = new LossConcealment(RATE, FRAME);
        short[] frame = Signals.sine(RATE, 300, -10, FRAME);
        short[] work = new short[FRAME];
        for (int i = 0; i < 3000; i++) {
            System.arraycopy(frame, 0, work, 0, FRAME);
            plc.good(work, 0);
            if (i % 3 == 0) {
                plc.conceal();
            }
        }
        long bytes = Signals.allocatedBytes(() -> {
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(frame, 0, work, 0, FRAME);
                plc.good(work, 0);
                if (i % 3 == 0) {
                    plc.conceal();
                }
            }
        });
        assertTrue(bytes < 1024, bytes + " bytes");
    }

    @Test
    void badArgumentsAreRejectedClearly() {
        assertThrows(IllegalArgumentException.class, () -> new LossConcealment(4000, 80));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LossConcealment(8000, 10));
        assertTrue(e.getMessage().contains("10 samples"), e.getMessage());
        LossConcealment plc = new LossConcealment(8000, 160);
        assertThrows(IndexOutOfBoundsException.class, () -> plc.good(new short[100], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> plc.conceal(new short[200], 50));
    }
}
