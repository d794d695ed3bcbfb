package org.strowger.core.media.codec;

/*
 * ITU-T G.711 mu-law and A-law <-> 16-bit linear PCM, for the media packages (the engine's own G.711 helper is
 * private to its package). Expansion is by two 256-entry tables built once from the recommendation's segment
 * formulas; compression finds the segment from the position of the magnitude's top bit.
 *
 * mu-law works on the magnitude plus a bias of 132 (33 on the 14-bit scale, which makes the segments powers of two),
 * clipped at 32635; its code is the ones' complement of sign, 3-bit segment and 4-bit step. A-law works on the
 * 13-bit scale (sample >> 3), segment 0 and 1 sharing one step size, and its code has the even bits inverted (XOR
 * 0x55). Both expansions return the middle of the decision interval. Decisions are taken on the full 16-bit value,
 * exactly as the engine's helper does (the two agree on every input); tools that first truncate to the 14- or 13-bit
 * scale (SoX, libavcodec) put a few inputs beside a decision level into the neighbouring code.
 */
public final class G711 {
    private static final short[] ULAW = new short[256];
    private static final short[] ALAW = new short[256];
    private static final int ULAW_BIAS = 132;
    private static final int ULAW_CLIP = 32635;

    static {
        for (int code = 0; code < 256; code++) {
            ULAW[code] = expandUlaw(code);
            ALAW[code] = expandAlaw(code);
        }
    }

    private G711() {
    }

    public static short ulawToLinear(byte code) {
        return ULAW[code & 0xFF];
    }

    public static short alawToLinear(byte code) {
        return ALAW[code & 0xFF];
    }

    public static byte linearToUlaw(int sample) {
        int sign = sample < 0 ? 0x80 : 0;
        int magnitude = Math.min(sample < 0 ? -sample : sample, ULAW_CLIP) + ULAW_BIAS;
        int segment = 31 - Integer.numberOfLeadingZeros(magnitude) - 7; // magnitude >= 132: top bit 7..14
        int step = (magnitude >> (segment + 3)) & 0x0F;
        return (byte) ~(sign | (segment << 4) | step);
    }

    public static byte linearToAlaw(int sample) {
        int x = sample >> 3; // 13-bit scale
        int invert;
        if (x >= 0) {
            invert = 0xD5; // sign bit set for positive values, even bits inverted
        } else {
            invert = 0x55;
            x = -x - 1;
        }
        if (x > 0xFFF) {
            return (byte) (0x7F ^ invert);
        }
        int segment = x < 32 ? 0 : 31 - Integer.numberOfLeadingZeros(x) - 4; // 32..63 -> 1, ..., 2048..4095 -> 7
        int step = segment == 0 ? (x >> 1) & 0x0F : (x >> segment) & 0x0F;
        return (byte) (((segment << 4) | step) ^ invert);
    }

    private static short expandUlaw(int code) {
        int v = ~code & 0xFF;
        int magnitude = ((((v & 0x0F) << 3) + ULAW_BIAS) << ((v >> 4) & 0x07)) - ULAW_BIAS;
        return (short) ((v & 0x80) != 0 ? -magnitude : magnitude);
    }

    private static short expandAlaw(int code) {
        int v = code ^ 0x55;
        int segment = (v >> 4) & 0x07;
        int magnitude = ((v & 0x0F) << 4) + 8; // middle of the step on the 16-bit scale (segment 0)
        if (segment > 0) {
            magnitude = (magnitude + 0x100) << (segment - 1);
        }
        return (short) ((v & 0x80) != 0 ? magnitude : -magnitude);
    }
}
