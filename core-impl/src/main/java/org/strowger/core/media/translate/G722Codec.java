package org.strowger.core.media.translate;

import org.strowger.api.frame.MediaFormat;
import org.strowger.core.media.codec.G722Decoder;
import org.strowger.core.media.codec.G722Encoder;
import org.strowger.spi.Codec;

/*
 * G.722 at 64 kbit/s as a codec: one octet per two 16 kHz samples, through G722Encoder and G722Decoder, which keep the
 * ADPCM and QMF state of one stream (so each decoder and encoder here is new). The encoder keeps an odd last sample
 * for the next call, which is why it may write one octet more than half the samples it is given. Cost 10: about ten
 * times G.711's work per frame.
 */
final class G722Codec implements ConstantRateCodec {
    @Override
    public MediaFormat format() {
        return MediaFormat.G722;
    }

    @Override
    public int sampleRate() {
        return 16000;
    }

    @Override
    public int cost() {
        return 10;
    }

    @Override
    public Decoder newDecoder() {
        return new StreamDecoder();
    }

    @Override
    public Encoder newEncoder() {
        return new StreamEncoder();
    }

    @Override
    public int samplesIn(int bytes) {
        return 2 * bytes;
    }

    @Override
    public String toString() {
        return "G.722";
    }

    private static final class StreamDecoder implements Decoder {
        private final G722Decoder decoder = new G722Decoder();

        @Override
        public int decode(byte[] in, int offset, int length, short[] out, int outOffset) {
            return decoder.decode(in, offset, length, out, outOffset);
        }

        @Override
        public int maxSamples(int bytes) {
            return 2 * bytes;
        }

        @Override
        public void reset() {
            decoder.reset();
        }
    }

    private static final class StreamEncoder implements Encoder {
        private final G722Encoder encoder = new G722Encoder();

        @Override
        public int encode(short[] in, int offset, int samples, byte[] out, int outOffset) {
            return encoder.encode(in, offset, samples, out, outOffset);
        }

        @Override
        public int maxBytes(int samples) {
            return (samples + 1) / 2;
        }

        @Override
        public void reset() {
            encoder.reset();
        }
    }
}
