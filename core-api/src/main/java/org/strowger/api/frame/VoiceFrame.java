package org.strowger.api.frame;

import org.strowger.api.InvalidArgumentException;

/** An audio frame, typically 20 ms. */
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
