package org.strowger.api.frame;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.strowger.api.InvalidArgumentException;

/** Voice or video: encoded payload in a {@link MediaFormat}. The payload is copied in and never exposed mutable. */
public abstract sealed class MediaFrame implements Frame permits VoiceFrame, VideoFrame {
    /** Largest payload accepted (a jumbo RTP payload). */
    public static final int MAX_PAYLOAD = 65_536;

    private final MediaFormat format;
    private final byte[] payload;
    private final long timestamp;

    MediaFrame(MediaFormat format, byte[] payload, long timestamp, MediaFormat.Kind expected) {
        this(format, payload, 0, payload == null ? 0 : payload.length, timestamp, expected);
    }

    MediaFrame(MediaFormat format, byte[] payload, int offset, int length, long timestamp, MediaFormat.Kind expected) {
        if (format == null || payload == null) {
            throw new InvalidArgumentException("media frame format and payload must not be null");
        }
        if (offset < 0 || length < 0 || offset > payload.length - length) {
            throw new InvalidArgumentException("payload range " + offset + "+" + length + " is outside the "
                    + payload.length + "-byte array");
        }
        if (format.kind() != expected) {
            throw new InvalidArgumentException("format " + format.name() + " is " + format.kind() + ", expected " + expected);
        }
        if (length > MAX_PAYLOAD) {
            throw new InvalidArgumentException("payload of " + length + " bytes exceeds " + MAX_PAYLOAD);
        }
        this.format = format;
        this.payload = java.util.Arrays.copyOfRange(payload, offset, offset + length);
        this.timestamp = timestamp;
    }

    @Override
    public final boolean isMedia() {
        return true;
    }

    public final MediaFormat format() {
        return format;
    }

    /** Media timestamp in units of the format's clock rate. */
    public final long timestamp() {
        return timestamp;
    }

    public final int payloadLength() {
        return payload.length;
    }

    /** A read-only view of the payload. */
    public final ByteBuffer payload() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    /** Byte {@code index} of the payload. */
    public final byte payloadByte(int index) {
        return payload[index];
    }

    /** Copies the payload into {@code dst} at {@code offset}; returns the number of bytes copied. */
    public final int copyPayloadTo(byte[] dst, int offset) {
        System.arraycopy(payload, 0, dst, offset, payload.length);
        return payload.length;
    }

    /** A fresh copy of the payload. */
    public final byte[] payloadCopy() {
        return payload.clone();
    }

    final boolean samePayload(MediaFrame other) {
        return Arrays.equals(payload, other.payload);
    }
}
