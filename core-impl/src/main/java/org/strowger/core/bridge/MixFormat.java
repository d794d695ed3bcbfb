package org.strowger.core.bridge;

import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.media.codec.G711;

/*
 * The formats the mixing bridge understands, all 8 kHz mono: G.711 mu-law and A-law (one byte per sample) and
 * 16-bit signed little-endian linear. Decodes a frame's payload into linear samples and encodes linear samples back.
 */
enum MixFormat {
    ULAW(MediaFormat.ULAW, 1),
    ALAW(MediaFormat.ALAW, 1),
    SLIN8(MediaFormat.SLIN8, 2);

    /** Samples in one 20 ms frame at 8 kHz. */
    static final int FRAME_SAMPLES = 160;

    final MediaFormat format;
    private final int bytesPerSample;

    MixFormat(MediaFormat format, int bytesPerSample) {
        this.format = format;
        this.bytesPerSample = bytesPerSample;
    }

    /** The mix format of {@code f}, or null if the mixer cannot take it. */
    static MixFormat of(MediaFormat f) {
        for (MixFormat m : values()) {
            if (m.format.equals(f)) {
                return m;
            }
        }
        return null;
    }

    /** Decodes up to {@link #FRAME_SAMPLES} samples of {@code frame} into {@code out}; returns how many. */
    int decode(VoiceFrame frame, short[] out) {
        int n = Math.min(FRAME_SAMPLES, frame.payloadLength() / bytesPerSample);
        for (int i = 0; i < n; i++) {
            out[i] = switch (this) {
                case ULAW -> G711.ulawToLinear(frame.payloadByte(i));
                case ALAW -> G711.alawToLinear(frame.payloadByte(i));
                case SLIN8 -> (short) ((frame.payloadByte(2 * i) & 0xFF) | (frame.payloadByte(2 * i + 1) << 8));
            };
        }
        return n;
    }

    /** Encodes {@code samples} into {@code out}; returns the bytes written. */
    int encode(short[] samples, byte[] out) {
        for (int i = 0; i < samples.length; i++) {
            int s = samples[i];
            switch (this) {
                case ULAW -> out[i] = G711.linearToUlaw(s);
                case ALAW -> out[i] = G711.linearToAlaw(s);
                case SLIN8 -> {
                    out[2 * i] = (byte) s;
                    out[2 * i + 1] = (byte) (s >> 8);
                }
            }
        }
        return samples.length * bytesPerSample;
    }
}
