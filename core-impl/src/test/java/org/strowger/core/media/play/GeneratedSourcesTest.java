package org.strowger.core.media.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.MediaSource.ProgressTone;
import org.strowger.core.media.codec.Resampler;
import org.strowger.core.media.tone.DtmfDetector;
import org.strowger.core.media.tone.DtmfListener;
import org.strowger.core.media.tone.ToneMeter;

/**
 * Tones, call-progress tones, in-band digits and silence, judged by what they sound like: the plan's frequencies at
 * the generator's level (ToneMeter), its cadence to the millisecond, digits a DTMF receiver takes back as the same
 * digits, and exact lengths. And check(): what it rejects, with messages that do not echo the plan raw.
 */
class GeneratedSourcesTest {
    private static final int[] RATES = {8000, 16000, 24000, 48000};
    /** ToneGenerator's level per frequency. */
    private static final double LEVEL = -13;

    /** Index of the last sample in [from, to) whose magnitude exceeds {@code threshold}, or from - 1. */
    private static int lastLoud(short[] x, int from, int to, int threshold) {
        for (int i = to - 1; i >= from; i--) {
            if (Math.abs(x[i]) > threshold) {
                return i;
            }
        }
        return from - 1;
    }

    private static boolean silent(short[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (x[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest(name = "at {0} Hz")
    @ValueSource(ints = {8000, 16000, 24000, 48000})
    void aToneHasItsPlansFrequenciesAndCadence(int rate) {
        // 330 ms on, 170 ms off: edges fall inside frames (16.5 and 25 frames)
        short[] x = Frames.play(new MediaSource.Tone("440+620/330,0/170", Duration.ofMillis(2000)), rate);
        assertEquals(2 * rate, x.length, "2 s exactly");
        int frame = rate / 50;
        int period = rate / 2;
        int on = rate * 330 / 1000;
        for (int f = 0; f * frame < x.length; f++) {
            int from = f * frame;
            int inPeriod = from % period;
            if (inPeriod + frame <= on) {
                assertEquals(LEVEL, ToneMeter.levelDbm0(x, from, frame, rate, 440), 0.5, "frame " + f);
                assertEquals(LEVEL, ToneMeter.levelDbm0(x, from, frame, rate, 620), 0.5, "frame " + f);
            } else if (inPeriod >= on) {
                assertTrue(silent(x, from, from + frame), "frame " + f + " is in the pause");
            }
        }
        int ms = rate / 1000;
        for (int p = 0; p < 4; p++) {
            int start = p * period;
            assertTrue(lastLoud(x, start, start + ms, 100) >= start, "period " + p + " starts with the tone");
            int end = lastLoud(x, start, start + period, 100) + 1;
            assertEquals(on, end - start, ms, "period " + p + ": the tone sounds 330 ms, to the millisecond");
            assertTrue(silent(x, start + on, start + period));
        }
    }

    @Test
    void aPlanThatDoesNotRepeatEndsWithItsLastSegment() {
        for (int rate : RATES) {
            short[] x = Frames.play(MediaSource.tone("!440/100,!0/50,!620/130"), rate);
            assertEquals(rate * 280 / 1000, x.length, "ends where the plan ends, at " + rate);
            assertEquals(LEVEL, ToneMeter.levelDbm0(x, rate * 150 / 1000, rate * 130 / 1000, rate, 620), 0.3);
            assertTrue(silent(x, rate / 10, rate * 150 / 1000));
        }
    }

    @Test
    void aDurationCutsAToneAndZeroPlaysNothing() {
        short[] x = Frames.play(new MediaSource.Tone("425", Duration.ofMillis(1234)), 8000);
        assertEquals(9872, x.length);
        assertEquals(LEVEL, ToneMeter.levelDbm0(x, 0, x.length, 8000, 425), 0.1);
        assertEquals(0, Frames.play(new MediaSource.Tone("425", Duration.ZERO), 8000).length);
        // a plan that does not repeat stops at its end even if the duration is longer
        assertEquals(800, Frames.play(new MediaSource.Tone("!425/100", Duration.ofSeconds(5)), 8000).length);
    }

    @Test
    void aToneWithoutAnEndPlaysForTheLongestPlayback() {
        FrameSource s = Frames.open(MediaSource.tone("350+440"), 8000);
        short[] frame = new short[160];
        short[] last = new short[8000];
        for (int i = 0; i < 500; i++) {
            assertEquals(160, s.next(frame));
            System.arraycopy(frame, 0, last, i % 50 * 160, 160);
        }
        assertEquals(LEVEL, ToneMeter.levelDbm0(last, 0, last.length, 8000, 350), 0.1, "still dial tone at 10 s");
        assertEquals(LEVEL, ToneMeter.levelDbm0(last, 0, last.length, 8000, 440), 0.1);
        s.close();
        assertEquals(MediaSource.MAX_DURATION.toSeconds() * 8000,
                PcmSource.samples(MediaSource.MAX_DURATION, 8000), "its limit in samples");
    }

    /** country, tone, frequencies, first on-segment in ms (-1: continuous). */
    static Stream<Arguments> progressTones() {
        Object[][] t = {
            {"us", ProgressTone.DIAL, new double[] {350, 440}, -1},
            {"us", ProgressTone.RINGBACK, new double[] {440, 480}, 2000},
            {"us", ProgressTone.BUSY, new double[] {480, 620}, 500},
            {"us", ProgressTone.CONGESTION, new double[] {480, 620}, 250},
            {"us", ProgressTone.CALL_WAITING, new double[] {440}, 300},
            {"uk", ProgressTone.DIAL, new double[] {350, 440}, -1},
            {"uk", ProgressTone.RINGBACK, new double[] {400, 450}, 400},
            {"uk", ProgressTone.BUSY, new double[] {400}, 375},
            {"uk", ProgressTone.CONGESTION, new double[] {400}, 400},
            {"uk", ProgressTone.CALL_WAITING, new double[] {400}, 100},
            {"eu", ProgressTone.DIAL, new double[] {425}, -1},
            {"eu", ProgressTone.RINGBACK, new double[] {425}, 1000},
            {"eu", ProgressTone.BUSY, new double[] {425}, 500},
            {"eu", ProgressTone.CONGESTION, new double[] {425}, 250},
            {"eu", ProgressTone.CALL_WAITING, new double[] {425}, 200},
        };
        List<Arguments> a = new ArrayList<>();
        for (Object[] row : t) {
            for (int rate : new int[] {8000, 16000}) {
                a.add(Arguments.of(row[0], row[1], row[2], row[3], rate));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} {1} at {4} Hz")
    @MethodSource("progressTones")
    void progressTonesHaveTheirCountrysFrequencies(String country, ProgressTone tone, double[] frequencies,
            int onMs, int rate) {
        short[] x = Frames.play(new MediaSource.Progress(country, tone, Duration.ofSeconds(3)), rate);
        assertEquals(3 * rate, x.length);
        int window = rate * 80 / 1000;
        for (double f : frequencies) {
            assertEquals(LEVEL, ToneMeter.levelDbm0(x, 0, window, rate, f), 0.5, f + " Hz");
        }
        // nothing else: the whole window's power is that of the expected sines
        double expectedTotal = LEVEL + 10 * Math.log10(frequencies.length);
        assertEquals(expectedTotal, ToneMeter.totalDbm0(x, 0, window), 0.5, "total level");
        if (onMs > 0) {
            int on = rate * onMs / 1000;
            assertEquals(on, lastLoud(x, 0, on + rate / 10, 100) + 1, rate / 1000, "first tone ends on time");
            assertTrue(silent(x, on, on + rate / 10), "then a pause");
        } else {
            assertEquals(expectedTotal, ToneMeter.totalDbm0(x, rate, 2 * rate), 0.1, "continuous");
        }
    }

    private static String detect(short[] x, int rate) {
        short[] in = x;
        int detectRate = rate;
        if (rate > 16000) {
            Resampler r = new Resampler(rate, 16000);
            in = new short[Resampler.maxOutput(rate, 16000, x.length)];
            int n = r.process(x, 0, x.length, in, 0);
            in = Arrays.copyOf(in, n);
            detectRate = 16000;
        }
        StringBuilder digits = new StringBuilder();
        DtmfDetector d = new DtmfDetector(detectRate, new DtmfListener() {
            @Override
            public void digitBegin(char digit) {
                digits.append(digit);
            }

            @Override
            public void digitEnd(char digit, int durationMs) {
            }
        });
        d.process(in, 0, in.length);
        d.process(new short[detectRate / 5], 0, detectRate / 5);
        return digits.toString();
    }

    @ParameterizedTest(name = "at {0} Hz")
    @ValueSource(ints = {8000, 16000, 24000, 48000})
    void digitsAreDetectedBackAsTheSameDigits(int rate) {
        String digits = "0123456789*#ABCD";
        short[] x = Frames.play(new MediaSource.Digits(digits, Duration.ofMillis(60), Duration.ofMillis(50)), rate);
        assertEquals(digits.length() * 110 * rate / 1000, x.length, "each digit 60 + 50 ms");
        assertEquals(digits, detect(x, rate));
        short[] slow = Frames.play(MediaSource.digits("*159#"), rate);
        assertEquals(5 * 200 * rate / 1000, slow.length);
        assertEquals("*159#", detect(slow, rate));
        // the gap is silence at 8 and 16 kHz (generated), and the tone lasts its 60 ms
        if (rate <= 16000) {
            int slot = rate * 110 / 1000;
            for (int i = 0; i < digits.length(); i++) {
                assertTrue(silent(x, i * slot + rate * 60 / 1000, (i + 1) * slot), "gap " + i);
                assertTrue(!silent(x, i * slot + rate * 59 / 1000, i * slot + rate * 60 / 1000), "tone " + i);
            }
        }
    }

    @Test
    void silenceIsSilentAndExactlyLong() {
        for (int rate : RATES) {
            short[] x = Frames.play(MediaSource.silence(Duration.ofMillis(730)), rate);
            assertEquals(rate * 73 / 100, x.length);
            assertTrue(silent(x, 0, x.length));
        }
    }

    @Test
    void checkRejectsAMalformedPlanWithoutEchoingItRaw() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> FrameSources.check(MediaSource.tone("480+6x0/500\u001b[2J\u202e")));
        assertTrue(e.getMessage().contains("malformed tone plan"), e.getMessage());
        assertTrue(e.getMessage().contains("position 5"), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\u001b'), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\u202e'), e.getMessage());
        InvalidArgumentException cut = assertThrows(InvalidArgumentException.class,
                () -> FrameSources.check(MediaSource.tone("440/100,\n".repeat(100) + "x")));
        assertTrue(cut.getMessage().contains("position 900"), cut.getMessage());
        assertEquals(-1, cut.getMessage().indexOf('\n'));
        assertThrows(InvalidArgumentException.class, () -> FrameSources.check(MediaSource.tone("440,620/100")));
    }

    @Test
    void checkRejectsToneFrequenciesThatCannotPlayAt8Kilohertz() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> FrameSources.check(MediaSource.tone("440/100,1000+4000/100")));
        assertTrue(e.getMessage().contains("segment 2") && e.getMessage().contains("below 4000 Hz"), e.getMessage());
        FrameSources.check(MediaSource.tone("3999"));
    }

    @Test
    void checkLooksIntoSequencesAndDoesNoIo() {
        assertThrows(InvalidArgumentException.class, () -> FrameSources.check(MediaSource.sequence(
                MediaSource.silence(Duration.ofSeconds(1)),
                MediaSource.sequence(MediaSource.digits("1"), MediaSource.tone("440/abc")))));
        assertThrows(InvalidArgumentException.class, () -> FrameSources.check(null));
        // a file is not looked at: this one does not exist
        FrameSources.check(MediaSource.sequence(MediaSource.file(Path.of("/nonexistent/dir/x.wav")),
                MediaSource.progress("gb", ProgressTone.BUSY)));
    }

    @Test
    void openFailsTheStageForWhatCheckRejectsAndRefusesOtherRates() {
        assertInstanceOf(InvalidArgumentException.class, Frames.failure(MediaSource.tone("440+"), 8000));
        assertThrows(IllegalArgumentException.class, () -> FrameSources.open(MediaSource.tone("440"), 44100));
    }
}
