package org.strowger.api.frame;

/** A video frame (or a fragment of one, as the tech packetises). */
public final class VideoFrame extends MediaFrame {
    private final boolean keyFrame;

    /**
     * @param format a {@link MediaFormat.Kind#VIDEO video} format
     * @param payload encoded video; copied
     * @param timestamp media timestamp in clock-rate units
     * @param keyFrame true if this starts or belongs to a key frame
     */
    public VideoFrame(MediaFormat format, byte[] payload, long timestamp, boolean keyFrame) {
        super(format, payload, timestamp, MediaFormat.Kind.VIDEO);
        this.keyFrame = keyFrame;
    }

    public boolean keyFrame() {
        return keyFrame;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VideoFrame v && v.keyFrame == keyFrame && v.timestamp() == timestamp()
                && v.format().equals(format()) && samePayload(v);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestamp()) * 31 + format().hashCode();
    }

    @Override
    public String toString() {
        return "VideoFrame[" + format().name() + ", " + payloadLength() + " bytes, key=" + keyFrame + ", ts=" + timestamp() + "]";
    }
}
