package org.strowger.core.media.translate;

import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.media.codec.Resampler;
import org.strowger.spi.Codec;

/*
 * One stream's way from 16-bit linear samples at a given rate to frames of a format: a Resampler when the rate is not
 * the codec's own, then the format's encoder. Both keep their state from call to call, so samples cut into blocks of
 * any size encode exactly as they would in one piece. The second half of a translation, and what a mixer writes each
 * member's mix through.
 *
 * A frame's sample count is what its payload holds (ConstantRateCodec) or, for another codec, the linear samples it
 * was encoded from at the format's clock rate. When a block yields no byte yet (a few samples the resampler or an
 * encoder keeps for the next block, e.g. one sample into G.722), there is no frame: encode returns null.
 *
 * Buffers grow to the largest block seen and are reused: the only allocation per frame is the VoiceFrame and the
 * payload copy it makes. One thread at a time.
 */
public final class LinearEncoder {
    private static final short[] NO_SAMPLES = new short[0];
    private static final byte[] NO_BYTES = new byte[0];

    private final MediaFormat format;
    private final int rate;
    private final int codecRate;
    private final Codec.Encoder encoder;
    private final ConstantRateCodec counted;
    private final Resampler resampler;
    private short[] resampled = NO_SAMPLES;
    private byte[] encoded = NO_BYTES;

    LinearEncoder(Codec codec, int rate) {
        this.format = codec.format();
        this.rate = rate;
        this.codecRate = codec.sampleRate();
        this.encoder = codec.newEncoder();
        this.counted = codec instanceof ConstantRateCodec c ? c : null;
        this.resampler = codecRate == rate ? null : new Resampler(rate, codecRate);
    }

    /** The format it encodes to. */
    public MediaFormat format() {
        return format;
    }

    /** The rate of the samples it takes, in Hz. */
    public int rate() {
        return rate;
    }

    /**
     * {@code samples} samples of {@code in} from {@code offset} as a frame in {@link #format()} stamped
     * {@code timestamp} (in the format's clock units); null if they yield no byte yet (they are kept for the next
     * call).
     */
    public VoiceFrame encode(short[] in, int offset, int samples, long timestamp) {
        short[] linear = in;
        int from = offset;
        int count = samples;
        if (resampler != null) {
            int n = resampler.outputSize(samples);
            if (resampled.length < n) {
                resampled = new short[n];
            }
            count = resampler.process(in, offset, samples, resampled, 0);
            linear = resampled;
            from = 0;
        }
        int max = encoder.maxBytes(count);
        if (encoded.length < max) {
            encoded = new byte[max];
        }
        int bytes = encoder.encode(linear, from, count, encoded, 0);
        if (bytes == 0) {
            return null;
        }
        int frameSamples = counted != null ? counted.samplesIn(bytes)
                : Math.max(1, (int) CodecTranslator.scale(count, codecRate, format.clockRate()));
        return new VoiceFrame(format, encoded, 0, bytes, frameSamples, timestamp);
    }

    /** Forgets the stream's state: the next samples encode as the start of a new stream. */
    public void reset() {
        if (resampler != null) {
            resampler.reset();
        }
        encoder.reset();
    }
}
