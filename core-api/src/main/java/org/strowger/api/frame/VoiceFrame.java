package org.strowger.api.frame;

import org.strowger.api.InvalidArgumentException;

/**
 * An audio frame, typically 20 ms.
 *
 * <p><b>Timestamps.</b> A frame's timestamp counts samples of its format's clock rate on the timeline of whoever
 * made the frame: the far end's (an RTP timestamp, as the tech received it), a bridge's mixer, a playback. It is not
 * the core's clock, and the timelines of two sources are unrelated. When a translation changes the rate, the
 * timestamp is scaled to the new rate. When the source of what a channel is sent changes (a new two-party peer, the
 * mix starting or stopping, a playback starting or ending), the core tells the channel's tech with an
 * {@link Control#SRC_UPDATE} indication first, so an RTP tech can set the marker bit and map the new timeline onto
 * its own.
 */
public final class VoiceFrame extends MediaFrame {
    private final int samples;

    /**
     * @param format an {@link MediaFormat.Kind#AUDIO audio} format
     * @param payload encoded audio; copied
     * @param samples number of samples per channel in the payload (> 0)
     * @param timestamp media timestamp in clock-rate units
     */
    public VoiceFrame(MediaFormat format, byte[] payload, int samples, long timestamp) {
        super(format, payload, timestamp, MediaFormat.Kind.AUDIO);
        this.samples = checkSamples(samples);
    }

    /**
     * A frame whose payload is {@code length} bytes of {@code payload} from {@code offset} (e.g. an RTP payload inside
     * a packet buffer); copied once.
     */
    public VoiceFrame(MediaFormat format, byte[] payload, int offset, int length, int samples, long timestamp) {
        super(format, payload, offset, length, timestamp, MediaFormat.Kind.AUDIO);
        this.samples = checkSamples(samples);
    }

    private static int checkSamples(int samples) {
        if (samples <= 0) {
            throw new InvalidArgumentException("samples must be > 0, was " + samples);
        }
        return samples;
    }

    public int samples() {
        return samples;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VoiceFrame v && v.samples == samples && v.timestamp() == timestamp()
                && v.format().equals(format()) && samePayload(v);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestamp()) * 31 + format().hashCode();
    }

    @Override
    public String toString() {
        return "VoiceFrame[" + format().name() + ", " + payloadLength() + " bytes, " + samples + " samples, ts=" + timestamp() + "]";
    }
}
