package org.strowger.core.bridge;

/*
 * ITU-T G.711 mu-law and A-law <-> 16-bit linear PCM. Decoding uses 256-entry tables built once from the reference
 * expansion; encoding uses the segment search of the reference implementation (bias 0x84 for mu-law, segment
 * end points 0x1F..0xFFF on the 13-bit A-law scale).
 */
final class G711 {
    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];
    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 32635;
    /** The end points of the eight A-law segments on the 13-bit scale. */
    private static final int[] ALAW_SEGMENT_ENDS = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_TO_LINEAR[i] = expandUlaw((byte) i);
            ALAW_TO_LINEAR[i] = expandAlaw((byte) i);
        }
    }

    private G711() {
    }

    static short ulawToLinear(byte u) {
        return ULAW_TO_LINEAR[u & 0xFF];
    }

    static short alawToLinear(byte a) {
        return ALAW_TO_LINEAR[a & 0xFF];
    }

    static byte linearToUlaw(int sample) {
        int sign = (sample >> 8) & 0x80;
        if (sign != 0) {
            sample = -sample;
        }
        if (sample > ULAW_CLIP) {
            sample = ULAW_CLIP;
        }
        sample += ULAW_BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (sample >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    static byte linearToAlaw(int sample) {
        int pcm = sample >> 3; // 13-bit magnitude scale
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int seg = 0;
        while (seg < 8 && pcm > ALAW_SEGMENT_ENDS[seg]) {
            seg++;
        }
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int aval = seg << 4;
        aval |= seg < 2 ? (pcm >> 1) & 0x0F : (pcm >> seg) & 0x0F;
        return (byte) (aval ^ mask);
    }

    private static short expandUlaw(byte u) {
        int v = ~u & 0xFF;
        int t = ((v & 0x0F) << 3) + ULAW_BIAS;
        t <<= (v & 0x70) >> 4;
        return (short) ((v & 0x80) != 0 ? ULAW_BIAS - t : t - ULAW_BIAS);
    }

    private static short expandAlaw(byte a) {
        int v = (a & 0xFF) ^ 0x55;
        int t = (v & 0x0F) << 4;
        int seg = (v & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (short) ((v & 0x80) != 0 ? t : -t);
    }
}
