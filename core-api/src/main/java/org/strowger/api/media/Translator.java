package org.strowger.api.media;

import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;

/**
 * Translates voice frames from one format into another: decode to 16-bit linear, resample if the rates differ,
 * encode. It keeps codec and resampler state from one frame to the next, so one instance serves one stream and must
 * be used by one thread at a time (an application uses it on its channel's executor). Get one from
 * {@link org.strowger.api.ChannelCore#translator}; the core translates its own paths itself.
 */
public interface Translator {
    /** The format it takes. */
    MediaFormat from();

    /** The format it makes. */
    MediaFormat to();

    /**
     * {@code frame} in {@link #to()}: the same audio, its timestamp scaled to the new clock rate. A translator whose
     * {@code from()} is its {@code to()} returns the frame as it is. Returns null when the frame yields no output yet: a frame of very few samples
     * (one sample into G.722, which encodes two at a time, or too few for the resampler to give one) is kept for the
     * next frame. Between the built-in formats a 20 ms frame always yields one.
     *
     * @throws org.strowger.api.InvalidArgumentException if {@code frame} is null or not in {@link #from()}
     */
    VoiceFrame translate(VoiceFrame frame);

    /** Forgets the state (the next frame starts a new stream, as after a source change). */
    void reset();
}
