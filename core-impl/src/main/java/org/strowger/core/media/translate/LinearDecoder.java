package org.strowger.core.media.translate;

import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.media.codec.Resampler;
import org.strowger.spi.Codec;

/*
 * One stream's way from frames of a format to 16-bit linear samples at a chosen rate: the format's decoder, then a
 * Resampler when the rate is not the codec's own. Both keep their state from frame to frame, so a stream cut into
 * frames of any size decodes exactly as it would in one piece. The first half of a translation, and what a mixer
 * reads its members through (at the mix's rate).
 *
 * Buffers (the payload's copy, the decoded samples before resampling) grow to the largest frame seen and are reused;
 * decoding allocates nothing after that. One thread at a time, like the codec state it holds.
 */
public final class LinearDecoder {
    private static final short[] NO_SAMPLES = new short[0];
    private static final byte[] NO_BYTES = new byte[0];

    private final MediaFormat format;
    private final int rate;
    private final int codecRate;
    private final Codec.Decoder decoder;
    private final Resampler resampler;
    private byte[] payload = NO_BYTES;
    private short[] decoded = NO_SAMPLES;

    LinearDecoder(Codec codec, int rate) {
        this.format = codec.format();
        this.rate = rate;
        this.codecRate = codec.sampleRate();
        this.decoder = codec.newDecoder();
        this.resampler = codecRate == rate ? null : new Resampler(codecRate, rate);
    }

    /** The format it decodes. */
    public MediaFormat format() {
        return format;
    }

    /** The rate of the samples it writes, in Hz. */
    public int rate() {
        return rate;
    }

    /** The most samples {@link #decode} writes for a payload of {@code bytes} bytes, in any state. */
    public int maxSamples(int bytes) {
        int samples = decoder.maxSamples(bytes);
        return resampler == null ? samples : Resampler.maxOutput(codecRate, rate, samples);
    }

    /**
     * Decodes {@code frame} into {@code out} from {@code offset}, which has room for {@link #maxSamples} of its
     * payload length; returns the samples written (0 when a resampler keeps them all for the next frame).
     *
     * @throws org.strowger.api.InvalidArgumentException if {@code frame} is null or not in {@link #format()}
     */
    public int decode(VoiceFrame frame, short[] out, int offset) {
        Codecs.checkFrame(frame, format);
        int bytes = frame.payloadLength();
        if (payload.length < bytes) {
            payload = new byte[bytes];
        }
        frame.copyPayloadTo(payload, 0);
        if (resampler == null) {
            return decoder.decode(payload, 0, bytes, out, offset);
        }
        int max = decoder.maxSamples(bytes);
        if (decoded.length < max) {
            decoded = new short[max];
        }
        int samples = decoder.decode(payload, 0, bytes, decoded, 0);
        return resampler.process(decoded, 0, samples, out, offset);
    }

    /** Forgets the stream's state: the next frame decodes as the first of a new stream. */
    public void reset() {
        decoder.reset();
        if (resampler != null) {
            resampler.reset();
        }
    }
}
