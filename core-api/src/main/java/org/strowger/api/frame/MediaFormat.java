package org.strowger.api.frame;

import org.strowger.api.InvalidArgumentException;

/**
 * Describes how a media payload is encoded.
 *
 * @param name codec name as in SDP, e.g. {@code PCMU}; 1..32 characters of {@code [A-Za-z0-9._-]}
 * @param kind audio or video
 * @param clockRate media clock rate in Hz (> 0)
 * @param channels audio channels (>= 1; 1 for video)
 */
public record MediaFormat(String name, Kind kind, int clockRate, int channels) {
    /** Audio or video. */
    public enum Kind { AUDIO, VIDEO }

    /** G.711 mu-law, 8 kHz. */
    public static final MediaFormat ULAW = new MediaFormat("PCMU", Kind.AUDIO, 8000, 1);
    /** G.711 A-law, 8 kHz. */
    public static final MediaFormat ALAW = new MediaFormat("PCMA", Kind.AUDIO, 8000, 1);
    /** 16-bit signed linear, little-endian, 8 kHz. */
    public static final MediaFormat SLIN8 = new MediaFormat("L16-8k", Kind.AUDIO, 8000, 1);
    /** 16-bit signed linear, little-endian, 16 kHz. */
    public static final MediaFormat SLIN16 = new MediaFormat("L16-16k", Kind.AUDIO, 16000, 1);
    /** 16-bit signed linear, little-endian, 24 kHz. */
    public static final MediaFormat SLIN24 = new MediaFormat("L16-24k", Kind.AUDIO, 24000, 1);
    /** 16-bit signed linear, little-endian, 48 kHz. */
    public static final MediaFormat SLIN48 = new MediaFormat("L16-48k", Kind.AUDIO, 48000, 1);
    /**
     * G.722, 16 kHz sampling. Its clock here is its sampling rate; RTP's 8000 for G.722 (RFC 3551) is the RTP tech's
     * business.
     */
    public static final MediaFormat G722 = new MediaFormat("G722", Kind.AUDIO, 16000, 1);
    /** Opus, 48 kHz clock. */
    public static final MediaFormat OPUS = new MediaFormat("opus", Kind.AUDIO, 48000, 2);
    /** H.264 video. */
    public static final MediaFormat H264 = new MediaFormat("H264", Kind.VIDEO, 90000, 1);
    /** VP8 video. */
    public static final MediaFormat VP8 = new MediaFormat("VP8", Kind.VIDEO, 90000, 1);

    public MediaFormat {
        if (name == null || kind == null) {
            throw new InvalidArgumentException("media format name and kind must not be null");
        }
        if (name.isEmpty() || name.length() > 32) {
            throw new InvalidArgumentException("media format name length must be 1..32");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!ok) {
                throw new InvalidArgumentException("media format name holds an invalid character at index " + i);
            }
        }
        if (clockRate <= 0) {
            throw new InvalidArgumentException("clock rate must be > 0, was " + clockRate);
        }
        if (channels < 1) {
            throw new InvalidArgumentException("channels must be >= 1, was " + channels);
        }
    }
}
