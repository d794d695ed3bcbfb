package org.strowger.core.media.tone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.strowger.core.media.Signals;

class DtmfDetectorTest {
    private static final String DIGITS = "123A456B789C*0#D";

    /** Records events as "9" for the begin of digit 9 and "9/" for its end, and the durations of the ends. */
    static final class Log implements DtmfListener {
        final List<String> events = new ArrayList<>();
        final List<Integer> durations = new ArrayList<>();

        @Override
        public void digitBegin(char digit) {
            events.add(String.valueOf(digit));
        }

        @Override
        public void digitEnd(char digit, int durationMs) {
            events.add(digit + "/");
            durations.add(durationMs);
        }

        String digits() {
            StringBuilder b = new StringBuilder();
            for (String e : events) {
                if (e.length() == 1) {
                    b.append(e);
                }
            }
            return b.toString();
        }
    }

    private static double[] tone(int rate, double low, double lowDbm0, double high, double highDbm0, int ms) {
        double[] x = new double[rate * ms / 1000];
        Signals.addSine(x, rate, low, lowDbm0, 0.3);
        Signals.addSine(x, rate, high, highDbm0, 1.1);
        return x;
    }

    private static double[] silence(int rate, int ms) {
        return new double[rate * ms / 1000];
    }

    private static double[] cat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int o = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    private static Log detect(int rate, short[] x, int chunk) {
        Log log = new Log();
        DtmfDetector d = new DtmfDetector(rate, log);
        for (int i = 0; i < x.length; i += chunk) {
            d.process(x, i, Math.min(chunk, x.length - i));
        }
        return log;
    }

    private static Log detect(int rate, double[] x) {
        return detect(rate, Signals.toShorts(x), 160);
    }

    /** Every digit at -9/-7 dBm0: tones of {@code toneMs}, pauses of {@code pauseMs}, with noise at {@code noiseDbm0}. */
    private static double[] allDigits(int rate, double lowDbm0, double highDbm0, int toneMs, int pauseMs) {
        List<double[]> parts = new ArrayList<>();
        parts.add(silence(rate, 50));
        for (int i = 0; i < 16; i++) {
            parts.add(tone(rate, Dtmf.LOW[i / 4], lowDbm0, Dtmf.HIGH[i % 4], highDbm0, toneMs));
            parts.add(silence(rate, pauseMs));
        }
        parts.add(silence(rate, 100));
        return cat(parts.toArray(new double[0][]));
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void everyDigitAtNominalFrequenciesBeginsAndEndsOnceWithItsDuration(int rate) {
        Log log = detect(rate, allDigits(rate, -9, -7, 60, 60));
        assertEquals(DIGITS, log.digits());
        assertEquals(32, log.events.size(), log.events.toString());
        for (int i = 0; i < 16; i++) {
            assertEquals(DIGITS.charAt(i) + "", log.events.get(2 * i));
            assertEquals(DIGITS.charAt(i) + "/", log.events.get(2 * i + 1));
            assertTrue(Math.abs(log.durations.get(i) - 60) <= 2, "duration " + log.durations.get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void everyDigitFromTheGeneratorIsDetected(int rate) {
        DtmfGenerator g = new DtmfGenerator(rate);
        int frame = rate / 50;
        short[] x = new short[rate * 16 * 120 / 1000 + frame];
        int o = 0;
        for (char c : DIGITS.toCharArray()) {
            g.start(c, 50);
            o += g.generate(x, o, rate * 120 / 1000);
        }
        Log log = detect(rate, x, frame);
        assertEquals(DIGITS, log.digits());
        log.durations.forEach(ms -> assertTrue(Math.abs(ms - 50) <= 2, "duration " + ms));
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void everyDigitIsDetectedInWhiteNoise(int rate) {
        // tones at -20 dBm0 each (-17 dBm0 together); noise over the whole band at -32 dBm0: 15 dB SNR
        double[] x = allDigits(rate, -20, -20, 60, 60);
        Signals.addNoise(x, -32, 42);
        assertEquals(DIGITS, detect(rate, x).digits());
        // and loud noise, 10 dB below the tones
        double[] y = allDigits(rate, -9, -7, 60, 60);
        Signals.addNoise(y, -15, 43);
        assertEquals(DIGITS, detect(rate, y).digits());
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void twistWithinTheLimitsIsAcceptedAndBeyondRejected(int rate) {
        // normal twist: low group above high group by 8 dB; reverse twist: high above low by 4 dB
        assertEquals(DIGITS, detect(rate, allDigits(rate, -10, -18, 60, 60)).digits());
        assertEquals(DIGITS, detect(rate, allDigits(rate, -14, -10, 60, 60)).digits());
        double[] noisy = allDigits(rate, -10, -18, 60, 60);
        Signals.addNoise(noisy, -40, 7);
        assertEquals(DIGITS, detect(rate, noisy).digits());
        assertEquals("", detect(rate, allDigits(rate, -8, -18, 60, 60)).digits());
        assertEquals("", detect(rate, allDigits(rate, -16, -10, 60, 60)).digits());
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void levelsDownToMinus26Dbm0AreAcceptedAndFarBelowRejected(int rate) {
        assertEquals(DIGITS, detect(rate, allDigits(rate, -26, -26, 60, 60)).digits());
        assertEquals(DIGITS, detect(rate, allDigits(rate, -26, -26, 40, 40)).digits());
        assertEquals(DIGITS, detect(rate, allDigits(rate, 0, 0, 60, 60)).digits());
        assertEquals("", detect(rate, allDigits(rate, -36, -36, 60, 60)).digits());
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void frequenciesWithinOnePointFivePercentAreAcceptedAndBeyondThreePointFiveRejected(int rate) {
        for (int f = 0; f < 8; f++) {
            for (double deviation : new double[] {-0.015, 0.015, -0.035, 0.035, -0.05, 0.05}) {
                StringBuilder expected = new StringBuilder();
                List<double[]> parts = new ArrayList<>();
                parts.add(silence(rate, 50));
                for (int d = 0; d < 16; d++) {
                    int row = d / 4;
                    int col = d % 4;
                    if (row != f && col != f - 4) {
                        continue;
                    }
                    double low = Dtmf.LOW[row] * (row == f ? 1 + deviation : 1);
                    double high = Dtmf.HIGH[col] * (col == f - 4 ? 1 + deviation : 1);
                    parts.add(tone(rate, low, -9, high, -7, 60));
                    parts.add(silence(rate, 60));
                    if (Math.abs(deviation) < 0.02) {
                        expected.append(DIGITS.charAt(d));
                    }
                }
                String got = detect(rate, cat(parts.toArray(new double[0][]))).digits();
                assertEquals(expected.toString(), got, "frequency " + (f < 4 ? Dtmf.LOW[f] : Dtmf.HIGH[f - 4])
                        + " Hz off by " + deviation * 100 + " %");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void fortyMillisecondTonesAndPausesAreAcceptedAtEveryAlignment(int rate) {
        int hop = rate / 200;
        for (int shift = 0; shift < hop; shift += Math.max(1, hop / 8)) {
            double[] x = cat(new double[shift], allDigits(rate, -9, -7, 40, 40));
            Log log = detect(rate, x);
            assertEquals(DIGITS, log.digits(), "shift " + shift);
            assertEquals(32, log.events.size());
            log.durations.forEach(ms -> assertTrue(Math.abs(ms - 40) <= 2, "duration " + ms));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void burstsShorterThan23MillisecondsAreRejectedAtEveryAlignmentAndLevel(int rate) {
        int hop = rate / 200;
        for (double level : new double[] {0, -9, -26}) {
            for (int ms : new int[] {10, 20, 22}) {
                for (int shift = 0; shift < hop; shift += Math.max(1, hop / 8)) {
                    double[] x = cat(new double[shift], allDigits(rate, level, level, ms, 60));
                    assertEquals("", detect(rate, x).digits(), ms + " ms at " + level + " dBm0, shift " + shift);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void aShortDropoutIsBridgedAndAFortyMillisecondPauseSeparates(int rate) {
        double[] bridged = cat(silence(rate, 50), tone(rate, 770, -9, 1336, -7, 60), silence(rate, 20),
                tone(rate, 770, -9, 1336, -7, 60), silence(rate, 100));
        Log one = detect(rate, bridged);
        assertEquals("5", one.digits());
        assertEquals(List.of("5", "5/"), one.events);
        assertTrue(Math.abs(one.durations.get(0) - 120) <= 3, "on-time " + one.durations.get(0));
        double[] separate = cat(silence(rate, 50), tone(rate, 770, -9, 1336, -7, 60), silence(rate, 40),
                tone(rate, 770, -9, 1336, -7, 60), silence(rate, 100));
        assertEquals("55", detect(rate, separate).digits());
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void aDigitSplitAcrossAnyCallSizesGivesExactlyOneBeginAndOneEnd(int rate) {
        short[] x = Signals.toShorts(cat(silence(rate, 30), tone(rate, 852, -9, 1477, -7, 70), silence(rate, 80)));
        for (int chunk : new int[] {1, 7, 160, 333, x.length}) {
            Log log = detect(rate, x, chunk);
            assertEquals(List.of("9", "9/"), log.events, "chunk " + chunk);
            assertEquals(70, log.durations.get(0), 2, "chunk " + chunk);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void whiteNoiseIsNeverADigit(int rate) {
        for (double level : new double[] {-5, -15, -25, -35}) {
            double[] x = new double[rate * 5];
            Signals.addNoise(x, level, (long) level);
            assertEquals("", detect(rate, x).digits(), "noise at " + level + " dBm0");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void speechLikeSignalsAreNeverADigit(int rate) {
        double[][] vowels = {{730, 1090, 2440}, {270, 2290, 3010}, {300, 870, 2240}, {530, 1840, 2480},
            {570, 840, 2410}, {660, 1720, 2410}, {850, 1220, 2810}, {700, 1200, 2600}};
        int runs = 0;
        for (double[] formants : vowels) {
            for (double f0 : new double[] {100, 120, 160, 220}) {
                for (double vibrato : new double[] {0, 0.02}) {
                    short[] x = Signals.speechLike(rate, rate * 2, f0, formants, -12, vibrato, runs++);
                    assertEquals("", detect(rate, x, 160).digits(),
                            "f0 " + f0 + " Hz, formants " + Arrays.toString(formants) + ", vibrato " + vibrato);
                }
            }
        }
    }

    @Test
    void processAllocatesNothing() {
        int[] events = new int[2];
        DtmfDetector d = new DtmfDetector(8000, new DtmfListener() {
            @Override
            public void digitBegin(char digit) {
                events[0]++;
            }

            @Override
            public void digitEnd(char digit, int durationMs) {
                events[1]++;
            }
        });
        short[] x = Signals.toShorts(allDigits(8000, -9, -7, 60, 60));
        d.process(x, 0, x.length); // warm-up
        long bytes = Signals.allocatedBytes(() -> {
            for (int k = 0; k < 20; k++) {
                for (int i = 0; i + 160 <= x.length; i += 160) {
                    d.process(x, i, 160);
                }
            }
        });
        assertTrue(events[0] > 300 && events[1] > 300, "digits detected while measuring: " + events[0]);
        assertTrue(bytes < 1024, bytes + " bytes allocated over " + 20 * x.length / 160 + " calls");
    }

    @Test
    void badArgumentsAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DtmfDetector(44100, new Log()));
        assertTrue(e.getMessage().contains("44100"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new DtmfDetector(8000, null));
        DtmfDetector d = new DtmfDetector(8000, new Log());
        assertThrows(IndexOutOfBoundsException.class, () -> d.process(new short[10], 5, 6));
    }
}
