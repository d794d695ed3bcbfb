package org.strowger.core.media.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.strowger.core.media.Signals;
import org.strowger.core.media.tone.ToneMeter;

class G722Test {
    private static final int RATE = 16000;
    /** Encoder input to decoder output: the QMF pair's delay, in 16 kHz samples. */
    private static final int CODEC_DELAY = 22;

    static byte[] encode(short[] x) {
        byte[] out = new byte[x.length / 2];
        assertEquals(out.length, new G722Encoder().encode(x, 0, x.length, out, 0));
        return out;
    }

    static short[] decode(byte[] codes) {
        short[] out = new short[2 * codes.length];
        assertEquals(out.length, new G722Decoder().decode(codes, 0, codes.length, out, 0));
        return out;
    }

    /**
     * Four seconds that exercise every path: a chirp with noise and a level step, a full-scale square wave,
     * full-scale random noise, a sine near 8 kHz at full scale, and impulses (saturation, limits, fast adaptation).
     */
    static short[] vectorInput() {
        int n = 4 * RATE;
        short[] x = new short[n];
        Random r = new Random(722);
        for (int i = 0; i < n; i++) {
            double t = (double) i / RATE;
            double v;
            switch (i / (RATE / 2)) {
                case 0, 1, 2 -> v = 9000 * StrictMath.sin(2 * Math.PI * (100 * t + 1150 * t * t)) + 500 * r.nextGaussian()
                        + (i > RATE ? 3000 * StrictMath.sin(2 * Math.PI * 440 * t) : 0);
                case 3 -> v = (i / 20) % 2 == 0 ? 32767 : -32768;
                case 4 -> v = r.nextInt(65536) - 32768;
                case 5 -> v = 32767 * StrictMath.sin(2 * Math.PI * 7900 * t);
                default -> v = i % 400 < 10 ? 32767 : (i % 400 < 20 ? -20000 : 0);
            }
            x[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        }
        return x;
    }

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    private static long crc(short[] s) {
        byte[] b = new byte[2 * s.length];
        for (int i = 0; i < s.length; i++) {
            b[2 * i] = (byte) s[i];
            b[2 * i + 1] = (byte) (s[i] >> 8);
        }
        return crc(b);
    }

    @Test
    void knownVectorEncodesAndDecodesBitExactly() {
        // Reference CRCs of the octets and of their decoding (16-bit little endian). They were checked bit-exact,
        // at development time, against an independent G.722 implementation (libavcodec's, which follows the ITU-T
        // reference) fed the same input; the ITU-T test sequences themselves are not distributed with this project.
        byte[] codes = encode(vectorInput());
        assertEquals(2 * RATE, codes.length);
        assertEquals(VECTOR_CODES_CRC, crc(codes), "octets");
        assertEquals(VECTOR_DECODED_CRC, crc(decode(codes)), "decoded samples");
    }

    static final long VECTOR_CODES_CRC = 0xf8309247L;
    static final long VECTOR_DECODED_CRC = 0xc03e5682L;

    @Test
    void aOneKilohertzToneComesOutAtOneKilohertzWithItsLevelAndShape() {
        short[] in = Signals.sine(RATE, 1000, -13, RATE);
        short[] out = decode(encode(in));
        int from = RATE / 10;
        int n = RATE * 8 / 10;
        assertEquals(1000, ToneMeter.dominantFrequency(out, from, RATE / 5, RATE, 900, 1100), 0.5);
        assertEquals(1000, ToneMeter.dominant(out, from, n, RATE, 500, 800, 1000, 1250, 2000));
        double levelIn = ToneMeter.levelDbm0(in, from, n, RATE, 1000);
        double levelOut = ToneMeter.levelDbm0(out, from, n, RATE, 1000);
        assertEquals(-13, levelIn, 0.05);
        assertEquals(levelIn, levelOut, 1.0);
        // (a 1 kHz sine repeats every 16 samples, so the delay comes from the sweep test, not from this signal)
        assertTrue(Signals.correlation(in, from, out, from + CODEC_DELAY, n) > 0.999);
        assertTrue(Signals.snrDb(in, from, out, from + CODEC_DELAY, n) > 40);
    }

    @Test
    void silenceEncodesAndDecodesToNearSilence() {
        short[] out = decode(encode(new short[RATE]));
        assertTrue(Signals.maxStep(out, 0, out.length) <= 16, "max step " + Signals.maxStep(out, 0, out.length));
        int peak = 0;
        for (short s : out) {
            peak = Math.max(peak, Math.abs(s));
        }
        assertTrue(peak <= 16, "peak " + peak);
        assertTrue(ToneMeter.totalDbm0(out, 0, out.length) < -70);
    }

    @Test
    void aSweptToneFrom100HzTo7kHzSurvivesWithGoodSnr() {
        int n = 2 * RATE;
        double[] d = new double[n];
        double phase = 0;
        double amplitude = Signals.amplitude(-10);
        for (int i = 0; i < n; i++) {
            phase += 2 * Math.PI * 100 * StrictMath.pow(70, (double) i / n) / RATE;
            d[i] = amplitude * StrictMath.sin(phase);
        }
        short[] in = Signals.toShorts(d);
        short[] out = decode(encode(in));
        assertEquals(CODEC_DELAY, Signals.bestLag(in, out, 2000, n - 4000, 60));
        int segments = 20;
        int length = n / segments;
        for (int s = 1; s < segments; s++) { // segment 0 includes the codec's start-up
            double centre = 100 * StrictMath.pow(70, (s + 0.5) / segments);
            double snr = Signals.snrDb(in, s * length, out, s * length + CODEC_DELAY, length - CODEC_DELAY);
            double required = centre < 3500 ? 35 : 15; // the higher sub-band has two bits per sample
            assertTrue(snr > required, String.format("%.0f Hz: SNR %.1f dB", centre, snr));
        }
        assertTrue(Signals.snrDb(in, 2000, out, 2000 + CODEC_DELAY, n - 4000) > 25);
    }

    @Test
    void anyChunkingOfTheStreamGivesTheSameOctetsAndSamples() {
        short[] x = vectorInput();
        byte[] whole = encode(x);
        G722Encoder e = new G722Encoder();
        byte[] chunked = new byte[whole.length];
        int[] sizes = {1, 7, 160, 333, 2, 3};
        int o = 0;
        for (int i = 0, k = 0; i < x.length; k++) {
            int n = Math.min(sizes[k % sizes.length], x.length - i);
            int expected = e.outputSize(n);
            int written = e.encode(x, i, n, chunked, o);
            assertEquals(expected, written);
            o += written;
            i += n;
        }
        assertEquals(whole.length, o);
        assertArrayEquals(whole, chunked);

        short[] decoded = decode(whole);
        G722Decoder d = new G722Decoder();
        short[] pieces = new short[decoded.length];
        int p = 0;
        for (int i = 0, k = 0; i < whole.length; k++) {
            int n = Math.min(sizes[k % sizes.length], whole.length - i);
            p += d.decode(whole, i, n, pieces, p);
            i += n;
        }
        assertArrayEquals(decoded, pieces);
    }

    @Test
    void resetStartsAFreshStream() {
        short[] x = vectorInput();
        G722Encoder e = new G722Encoder();
        byte[] first = new byte[x.length / 2];
        e.encode(x, 0, 1001, first, 0); // leaves an odd sample pending
        e.reset();
        byte[] again = new byte[x.length / 2];
        assertEquals(again.length, e.encode(x, 0, x.length, again, 0));
        assertArrayEquals(encode(x), again);
        G722Decoder d = new G722Decoder();
        short[] junk = new short[2 * again.length];
        d.decode(again, 0, 999, junk, 0);
        d.reset();
        short[] out = new short[2 * again.length];
        d.decode(again, 0, again.length, out, 0);
        assertArrayEquals(decode(again), out);
    }

    @Test
    void twentyMillisecondFramesAre160Octets() {
        G722Encoder e = new G722Encoder();
        G722Decoder d = new G722Decoder();
        short[] frame = Signals.sine(RATE, 440, -20, 320);
        byte[] codes = new byte[160];
        assertEquals(160, e.outputSize(320));
        assertEquals(160, e.encode(frame, 0, 320, codes, 0));
        short[] out = new short[320];
        assertEquals(320, d.decode(codes, 0, 160, out, 0));
    }

    @Test
    void encodeAndDecodeAllocateNothing() {
        G722Encoder e = new G722Encoder();
        G722Decoder d = new G722Decoder();
        short[] frame = Signals.sine(RATE, 440, -20, 320);
        byte[] codes = new byte[160];
        short[] out = new short[320];
        for (int i = 0; i < 2000; i++) {
            e.encode(frame, 0, 320, codes, 0);
            d.decode(codes, 0, 160, out, 0);
        }
        long bytes = Signals.allocatedBytes(() -> {
            for (int i = 0; i < 1000; i++) {
                e.encode(frame, 0, 320, codes, 0);
                d.decode(codes, 0, 160, out, 0);
            }
        });
        assertTrue(bytes < 1024, bytes + " bytes allocated over 1000 frames");
    }

    @Test
    void outOfRangeArgumentsAreRejected() {
        G722Encoder e = new G722Encoder();
        assertThrows(IndexOutOfBoundsException.class, () -> e.encode(new short[320], 0, 320, new byte[159], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> e.encode(new short[320], 10, 320, new byte[160], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> e.encode(new short[320], 0, -2, new byte[160], 0));
        G722Decoder d = new G722Decoder();
        assertThrows(IndexOutOfBoundsException.class, () -> d.decode(new byte[160], 0, 160, new short[319], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> d.decode(new byte[160], 1, 160, new short[320], 0));
    }
}
