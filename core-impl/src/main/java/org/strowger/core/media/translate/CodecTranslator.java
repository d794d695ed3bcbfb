package org.strowger.core.media.translate;

import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.Translator;

/*
 * A translation between two different formats: the source format's LinearDecoder at its own codec's rate, then the
 * target's LinearEncoder from that rate, which resamples when the two codecs' rates differ. So there is one resampler
 * per stream, and its state, like both codecs', carries over from frame to frame: no seam at frame edges, and frames
 * of any size give the same audio as the whole stream in one frame. How much audio a frame holds is read from its
 * payload, not from its sample count.
 *
 * The output frame's timestamp is the input's scaled from the source format's clock rate to the target's (rounded
 * down). A frame that yields no output yet (its samples held by the resampler or the encoder for the next frame)
 * translates to null. The linear buffer between the halves grows to the largest frame seen; the only allocation per
 * frame is the output VoiceFrame and its payload copy.
 */
final class CodecTranslator implements Translator {
    private final LinearDecoder decoder;
    private final LinearEncoder encoder;
    private final int fromClock;
    private final int toClock;
    private short[] linear = new short[0];

    CodecTranslator(LinearDecoder decoder, LinearEncoder encoder) {
        this.decoder = decoder;
        this.encoder = encoder;
        this.fromClock = decoder.format().clockRate();
        this.toClock = encoder.format().clockRate();
    }

    @Override
    public MediaFormat from() {
        return decoder.format();
    }

    @Override
    public MediaFormat to() {
        return encoder.format();
    }

    @Override
    public VoiceFrame translate(VoiceFrame frame) {
        Codecs.checkFrame(frame, decoder.format());
        int max = decoder.maxSamples(frame.payloadLength());
        if (linear.length < max) {
            linear = new short[max];
        }
        int samples = decoder.decode(frame, linear, 0);
        return encoder.encode(linear, 0, samples, scale(frame.timestamp(), fromClock, toClock));
    }

    @Override
    public void reset() {
        decoder.reset();
        encoder.reset();
    }

    @Override
    public String toString() {
        return "Translator[" + Codecs.describe(from()) + " -> " + Codecs.describe(to()) + "]";
    }

    /** {@code value} units of {@code fromRate} in units of {@code toRate}, rounded down. */
    static long scale(long value, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return value;
        }
        long whole = Math.floorDiv(value, fromRate);
        long rest = Math.floorMod(value, fromRate);
        return whole * toRate + rest * toRate / fromRate;
    }
}
