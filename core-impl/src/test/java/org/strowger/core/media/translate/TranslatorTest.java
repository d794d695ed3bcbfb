package org.strowger.core.media.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.Translator;
import org.strowger.core.media.Signals;
import org.strowger.core.media.tone.ToneMeter;

/**
 * Translators of the built-in codecs, checked on what comes out: a 1 kHz tone at -13 dBm0 through every ordered pair
 * of the seven built-in formats keeps its frequency and level, frame edges leave no click, frames of any size give
 * the stream a one-piece conversion gives, timestamps follow the clock rate, and state is kept (and forgotten on
 * reset).
 */
class TranslatorTest {
    private static final Codecs CODECS = Codecs.builtIn();
    private static final double LEVEL = -13;
    /**
     * G.711's and G.722's quantisation and the resampler's pass band keep a -13 dBm0 1 kHz tone within this of its
     * level (measured: within 0.06 dB on every path).
     */
    private static final double LEVEL_TOLERANCE_DB = 0.3;
    /**
     * Least tone-to-residual ratio of the output (measured: 34.6 dB for G.722 to A-law, 35.7 for A-law, 47 for G.722,
     * 48.8 for mu-law, 78 and more between linear formats); a resampler reset at each frame edge gives 6 to 11 dB.
     */
    private static final double MIN_SNR_DB = 33;

    static Stream<Arguments> paths() {
        List<Arguments> paths = new ArrayList<>();
        for (MediaFormat from : Payloads.BUILT_IN) {
            for (MediaFormat to : Payloads.BUILT_IN) {
                paths.add(Arguments.of(from.name(), to.name()));
            }
        }
        return paths.stream();
    }

    private static MediaFormat format(String name) {
        return Payloads.BUILT_IN.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("paths")
    void aOneKilohertzToneKeepsFrequencyAndLevelAcrossFiftyFramesWithNoClickAtTheEdges(String fromName,
            String toName) {
        MediaFormat from = format(fromName);
        MediaFormat to = format(toName);
        int inRate = Payloads.rate(from);
        int outRate = Payloads.rate(to);
        byte[] in = Payloads.encode(from, Payloads.tone(inRate, 1000, 1000));
        long start = 3_000_000L * from.clockRate(); // 3,000,000 s: past 32 bits at every rate
        List<VoiceFrame> frames = Payloads.frames20ms(from, in, start);
        assertEquals(50, frames.size());

        Translator t = CODECS.translator(from, to);
        assertEquals(from, t.from());
        assertEquals(to, t.to());
        List<VoiceFrame> out = new ArrayList<>();
        for (int k = 0; k < frames.size(); k++) {
            VoiceFrame y = t.translate(frames.get(k));
            assertNotNull(y, "frame " + k);
            assertEquals(to, y.format());
            assertEquals(to.clockRate() / 50, y.samples(), "samples of frame " + k);
            assertEquals(3_000_000L * to.clockRate() + (long) k * to.clockRate() / 50, y.timestamp(), "timestamp " + k);
            if (from.equals(to)) {
                assertSame(frames.get(k), y, "the identity returns the frame itself");
            }
            out.add(y);
        }
        byte[] payload = Payloads.concat(out);
        assertArrayEquals(Payloads.reference(from, to, in), payload,
                "50 frames translated one by one differ from the stream translated in one piece");

        short[] y = Payloads.decode(to, payload);
        assertEquals(outRate, y.length);
        int steady = outRate / 10; // past the resampler's delay, G.722's adaptation and the tone's onset
        int n = y.length - steady;
        String path = fromName + " -> " + toName;
        double hz = ToneMeter.dominantFrequency(y, steady, outRate / 5, outRate, 500, 1500); // over 200 ms
        assertEquals(1000, hz, 0.5, path + ": frequency");

        Clicks clicks = Clicks.measure(y, steady, outRate, outRate / 50, 1000);
        assertTrue(clicks.edgeRms() <= 2 * clicks.interiorRms() + 2, path + ": residual RMS around frame edges "
                + clicks.edgeRms() + " against " + clicks.interiorRms() + " inside frames");
        assertTrue(clicks.snrDb() > MIN_SNR_DB, path + ": tone to residual " + clicks.snrDb() + " dB");
        double level = ToneMeter.levelDbm0(y, steady, n, outRate, 1000);
        assertEquals(LEVEL, level, LEVEL_TOLERANCE_DB, path + ": level at 1 kHz");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("paths")
    void framesOfAnySizeGiveTheStreamThatOnePieceGives(String fromName, String toName) {
        MediaFormat from = format(fromName);
        MediaFormat to = format(toName);
        int inRate = Payloads.rate(from);
        short[] x = Signals.speechLike(inRate, inRate / 2, 140, new double[] {700, 1200, 2500}, -18, 0.03, 7);
        byte[] in = Payloads.encode(from, x);
        int[] choices = {1, 2, 3, 5, 7, 13, 80, 159, 160, 161, 320, 479};
        int granule = from.equals(MediaFormat.G722) ? 2 : 1; // G.722 frames hold whole octets
        Random random = new Random(fromName.hashCode() * 31L + toName.hashCode());
        List<Integer> sizes = new ArrayList<>();
        for (int left = x.length; left > 0; ) {
            int n = Math.min(left, choices[random.nextInt(choices.length)] * granule);
            sizes.add(n);
            left -= n;
        }
        List<VoiceFrame> frames = Payloads.frames(from, in, sizes.stream().mapToInt(Integer::intValue).toArray(), 0);

        Translator t = CODECS.translator(from, to);
        List<VoiceFrame> out = new ArrayList<>();
        for (VoiceFrame f : frames) {
            VoiceFrame y = t.translate(f);
            if (y == null) {
                assertTrue(f.samples() < 6, "no output for a frame of " + f.samples() + " samples");
                continue;
            }
            assertEquals(f.timestamp() * to.clockRate() / from.clockRate(), y.timestamp(), "timestamp of " + f);
            assertEquals(y.payloadLength() * 1000 / Payloads.bytesPerThousand(to), y.samples(), "samples of " + y);
            out.add(y);
        }
        assertArrayEquals(Payloads.reference(from, to, in), Payloads.concat(out),
                fromName + " -> " + toName + ": frames of " + sizes.size() + " sizes differ from one piece");
    }

    @Test
    void timestampsAreScaledToTheTargetClockRate() {
        assertEquals(48_000, translateOne(MediaFormat.ULAW, MediaFormat.SLIN48, 8_000, 160).timestamp());
        assertEquals(8_001, translateOne(MediaFormat.SLIN48, MediaFormat.ULAW, 48_007, 960).timestamp());
        assertEquals(8_000, translateOne(MediaFormat.G722, MediaFormat.ALAW, 16_000, 320).timestamp());
        assertEquals(10_666, translateOne(MediaFormat.SLIN24, MediaFormat.SLIN16, 16_000, 480).timestamp());
        assertEquals(24_000_000_000_000L,
                translateOne(MediaFormat.SLIN8, MediaFormat.SLIN24, 8_000_000_000_000L, 160).timestamp());
        assertEquals(4_294_967_296L * 2,
                translateOne(MediaFormat.ULAW, MediaFormat.G722, 4_294_967_296L, 160).timestamp());
        assertEquals(12_345, translateOne(MediaFormat.ALAW, MediaFormat.ALAW, 12_345, 160).timestamp());
    }

    private static VoiceFrame translateOne(MediaFormat from, MediaFormat to, long timestamp, int samples) {
        byte[] payload = Payloads.encode(from, Payloads.tone(Payloads.rate(from), 1000, 1000 * samples
                / Payloads.rate(from)));
        return CODECS.translator(from, to).translate(new VoiceFrame(from, payload, samples, timestamp));
    }

    @Test
    void stateCarriesOverBetweenFramesAndResetForgetsIt() {
        byte[] in = Payloads.encode(MediaFormat.SLIN8, Payloads.tone(8000, 1000, 100));
        List<VoiceFrame> frames = Payloads.frames20ms(MediaFormat.SLIN8, in, 0);
        Translator t = CODECS.translator(MediaFormat.SLIN8, MediaFormat.G722);
        for (VoiceFrame f : frames.subList(0, 4)) {
            t.translate(f);
        }
        VoiceFrame fresh = CODECS.translator(MediaFormat.SLIN8, MediaFormat.G722).translate(frames.get(4));
        VoiceFrame continued = t.translate(frames.get(4));
        assertFalse(Arrays.equals(fresh.payloadCopy(), continued.payloadCopy()),
                "the fifth frame of a stream translates like a first frame: no state kept");
        t.reset();
        assertArrayEquals(fresh.payloadCopy(), t.translate(frames.get(4)).payloadCopy(),
                "after reset the frame translates as the first of a new stream");
    }

    @Test
    void translatingAllocatesOnlyTheOutputFrame() {
        MediaFormat[][] paths = {
            {MediaFormat.ULAW, MediaFormat.G722}, {MediaFormat.G722, MediaFormat.ULAW},
            {MediaFormat.SLIN48, MediaFormat.ALAW}, {MediaFormat.ULAW, MediaFormat.SLIN16}};
        for (MediaFormat[] p : paths) {
            byte[] in = Payloads.encode(p[0], Payloads.tone(Payloads.rate(p[0]), 1000, 1000));
            List<VoiceFrame> frames = Payloads.frames20ms(p[0], in, 0);
            Translator t = CODECS.translator(p[0], p[1]);
            for (int i = 0; i < 2000; i++) {
                t.translate(frames.get(i % frames.size()));
            }
            int outBytes = t.translate(frames.get(0)).payloadLength();
            long bytes = Signals.allocatedBytes(() -> {
                for (int i = 0; i < 1000; i++) {
                    t.translate(frames.get(i % frames.size()));
                }
            });
            // per frame: the VoiceFrame (about 32 bytes) and its payload array (16 + outBytes)
            long limit = 1000L * (outBytes + 96);
            assertTrue(bytes < limit, p[0].name() + " -> " + p[1].name() + ": " + bytes
                    + " bytes allocated over 1000 frames of " + outBytes + " bytes out");
        }
    }

    /**
     * A tone's residual (the output minus its least-squares sine at the tone's frequency), as an RMS in 2 ms windows
     * centred on the frame edges and in windows centred inside the frames, each the largest over the stretch
     * measured, and the tone-to-residual ratio over the whole stretch. A seam at a frame edge (a reset filter or codec
     * state) shows as an edge RMS well above the interior's.
     */
    record Clicks(double edgeRms, double interiorRms, double snrDb) {
        static Clicks measure(short[] y, int from, int rate, int frame, double hz) {
            int n = y.length - from;
            double[] r = residual(y, from, n, rate, hz);
            int half = rate / 1000;
            double edge = 0;
            double interior = 0;
            int firstEdge = (from / frame + 1) * frame;
            for (int e = firstEdge; e + frame <= y.length; e += frame) {
                edge = Math.max(edge, rms(r, e - from - half, 2 * half));
                interior = Math.max(interior, rms(r, e - from + frame / 2 - half, 2 * half));
            }
            double toneMs = 0;
            double residualMs = 0;
            for (int i = 0; i < n; i++) {
                double fit = y[from + i] - r[i];
                toneMs += fit * fit;
                residualMs += r[i] * r[i];
            }
            return new Clicks(edge, interior, 10 * Math.log10(toneMs / Math.max(residualMs, 1e-9)));
        }

        private static double rms(double[] r, int offset, int length) {
            double s = 0;
            for (int i = offset; i < offset + length; i++) {
                s += r[i] * r[i];
            }
            return Math.sqrt(s / length);
        }

        /** y[from..from+n) minus a sin + b cos + c at hz, fitted by least squares. */
        private static double[] residual(short[] y, int from, int n, int rate, double hz) {
            double[][] m = new double[3][3];
            double[] v = new double[3];
            double[][] basis = new double[n][];
            for (int i = 0; i < n; i++) {
                double w = 2 * Math.PI * hz * i / rate;
                double[] b = {Math.sin(w), Math.cos(w), 1};
                basis[i] = b;
                for (int j = 0; j < 3; j++) {
                    v[j] += b[j] * y[from + i];
                    for (int k = 0; k < 3; k++) {
                        m[j][k] += b[j] * b[k];
                    }
                }
            }
            double[] c = solve(m, v);
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = y[from + i] - (c[0] * basis[i][0] + c[1] * basis[i][1] + c[2] * basis[i][2]);
            }
            return r;
        }

        private static double[] solve(double[][] m, double[] v) {
            double d = det(m[0], m[1], m[2]);
            double[] x = new double[3];
            for (int j = 0; j < 3; j++) {
                double[][] a = {m[0].clone(), m[1].clone(), m[2].clone()};
                for (int i = 0; i < 3; i++) {
                    a[i][j] = v[i];
                }
                x[j] = det(a[0], a[1], a[2]) / d;
            }
            return x;
        }

        private static double det(double[] a, double[] b, double[] c) {
            return a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0])
                    + a[2] * (b[0] * c[1] - b[1] * c[0]);
        }
    }
}
