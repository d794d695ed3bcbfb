package org.strowger.core.media.translate;

import org.strowger.api.frame.MediaFormat;
import org.strowger.core.media.codec.G711;
import org.strowger.spi.Codec;

/*
 * G.711 mu-law or A-law as a codec: one octet per 8 kHz sample, expanded and compressed by G711's tables. It keeps
 * no state, so the codec is its own (shared) decoder and encoder.
 */
final class G711Codec implements ConstantRateCodec, Codec.Decoder, Codec.Encoder {
    static final G711Codec ULAW = new G711Codec(false);
    static final G711Codec ALAW = new G711Codec(true);

    private final boolean alaw;

    private G711Codec(boolean alaw) {
        this.alaw = alaw;
    }

    @Override
    public MediaFormat format() {
        return alaw ? MediaFormat.ALAW : MediaFormat.ULAW;
    }

    @Override
    public int sampleRate() {
        return 8000;
    }

    @Override
    public int cost() {
        return 1;
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
        return bytes;
    }

    @Override
    public int decode(byte[] in, int offset, int length, short[] out, int outOffset) {
        for (int i = 0; i < length; i++) {
            out[outOffset + i] = alaw ? G711.alawToLinear(in[offset + i]) : G711.ulawToLinear(in[offset + i]);
        }
        return length;
    }

    @Override
    public int maxSamples(int bytes) {
        return bytes;
    }

    @Override
    public int encode(short[] in, int offset, int samples, byte[] out, int outOffset) {
        for (int i = 0; i < samples; i++) {
            out[outOffset + i] = alaw ? G711.linearToAlaw(in[offset + i]) : G711.linearToUlaw(in[offset + i]);
        }
        return samples;
    }

    @Override
    public int maxBytes(int samples) {
        return samples;
    }

    @Override
    public void reset() {
        // no state
    }

    @Override
    public String toString() {
        return alaw ? "G.711 A-law" : "G.711 mu-law";
    }
}
