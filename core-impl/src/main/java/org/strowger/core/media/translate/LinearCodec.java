package org.strowger.core.media.translate;

import org.strowger.api.frame.MediaFormat;
import org.strowger.spi.Codec;

/*
 * 16-bit signed linear PCM, little-endian, as a codec at one of the resampler's rates: decoding and encoding only
 * reorder bytes, so it costs nothing next to a real codec (cost 0) and a translation from or to it is in effect a
 * resampling, or a copy. A trailing odd byte of a payload is not a sample and is ignored. It keeps no state, so the
 * codec is its own (shared) decoder and encoder.
 */
final class LinearCodec implements ConstantRateCodec, Codec.Decoder, Codec.Encoder {
    private final MediaFormat format;

    LinearCodec(MediaFormat format) {
        this.format = format;
    }

    @Override
    public MediaFormat format() {
        return format;
    }

    @Override
    public int sampleRate() {
        return format.clockRate();
    }

    @Override
    public int cost() {
        return 0;
    }

    @Override
    public Decoder newDecoder() {
        return this;
    }

    @Override
    public Encoder newEncoder() {
        return this;
    }

    @Override
    public int samplesIn(int bytes) {
        return bytes / 2;
    }

    @Override
    public int decode(byte[] in, int offset, int length, short[] out, int outOffset) {
        int samples = length / 2;
        for (int i = 0, b = offset; i < samples; i++, b += 2) {
            out[outOffset + i] = (short) ((in[b] & 0xFF) | (in[b + 1] << 8));
        }
        return samples;
    }

    @Override
    public int maxSamples(int bytes) {
        return bytes / 2;
    }

    @Override
    public int encode(short[] in, int offset, int samples, byte[] out, int outOffset) {
        for (int i = 0, b = outOffset; i < samples; i++, b += 2) {
            short s = in[offset + i];
            out[b] = (byte) s;
            out[b + 1] = (byte) (s >> 8);
        }
        return 2 * samples;
    }

    @Override
    public int maxBytes(int samples) {
        return 2 * samples;
    }

    @Override
    public void reset() {
        // no state
    }

    @Override
    public String toString() {
        return "16-bit linear at " + format.clockRate() + " Hz";
    }
}
