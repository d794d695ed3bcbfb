package org.strowger.core.media.translate;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.media.codec.G711;
import org.strowger.core.media.codec.G722Decoder;
import org.strowger.core.media.codec.G722Encoder;
import org.strowger.core.media.codec.Resampler;
import org.strowger.core.media.tone.ToneGenerator;

/**
 * The built-in formats coded by hand from the building blocks (G711, G722Encoder/Decoder, Resampler, little-endian
 * bytes), independently of the codecs and translators under test: test signals in a format, the audio of a payload,
 * and the reference translation of a whole stream in one piece.
 */
final class Payloads {
    static final List<MediaFormat> BUILT_IN = List.of(MediaFormat.ULAW, MediaFormat.ALAW, MediaFormat.SLIN8,
            MediaFormat.SLIN16, MediaFormat.SLIN24, MediaFormat.SLIN48, MediaFormat.G722);

    private Payloads() {
    }

    /** The rate of a built-in format's linear samples (its clock rate, G.722 included). */
    static int rate(MediaFormat f) {
        return f.clockRate();
    }

    /** {@code ms} milliseconds of a continuous {@code hz} tone at -13 dBm0 at {@code rate}, from ToneGenerator. */
    static short[] tone(int rate, int hz, int ms) {
        short[] x = new short[rate * ms / 1000];
        ToneGenerator.of(String.valueOf(hz), rate).generate(x, 0, x.length);
        return x;
    }

    static byte[] encode(MediaFormat f, short[] pcm) {
        byte[] out;
        if (f.equals(MediaFormat.ULAW) || f.equals(MediaFormat.ALAW)) {
            out = new byte[pcm.length];
            for (int i = 0; i < pcm.length; i++) {
                out[i] = f.equals(MediaFormat.ULAW) ? G711.linearToUlaw(pcm[i]) : G711.linearToAlaw(pcm[i]);
            }
        } else if (f.equals(MediaFormat.G722)) {
            G722Encoder e = new G722Encoder();
            out = new byte[e.outputSize(pcm.length)];
            e.encode(pcm, 0, pcm.length, out, 0);
        } else {
            out = new byte[2 * pcm.length];
            for (int i = 0; i < pcm.length; i++) {
                out[2 * i] = (byte) pcm[i];
                out[2 * i + 1] = (byte) (pcm[i] >> 8);
            }
        }
        return out;
    }

    static short[] decode(MediaFormat f, byte[] payload) {
        short[] out;
        if (f.equals(MediaFormat.ULAW) || f.equals(MediaFormat.ALAW)) {
            out = new short[payload.length];
            for (int i = 0; i < payload.length; i++) {
                out[i] = f.equals(MediaFormat.ULAW) ? G711.ulawToLinear(payload[i]) : G711.alawToLinear(payload[i]);
            }
        } else if (f.equals(MediaFormat.G722)) {
            out = new short[2 * payload.length];
            new G722Decoder().decode(payload, 0, payload.length, out, 0);
        } else {
            out = new short[payload.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = (short) ((payload[2 * i] & 0xFF) | (payload[2 * i + 1] << 8));
            }
        }
        return out;
    }

    /** The whole {@code payload} in {@code from} translated to {@code to} in one piece: decode, resample, encode. */
    static byte[] reference(MediaFormat from, MediaFormat to, byte[] payload) {
        if (from.equals(to)) {
            return payload.clone();
        }
        short[] x = decode(from, payload);
        Resampler r = new Resampler(rate(from), rate(to));
        short[] y = new short[r.outputSize(x.length)];
        r.process(x, 0, x.length, y, 0);
        return encode(to, y);
    }

    /** Bytes per 1000 samples of a built-in format. */
    static int bytesPerThousand(MediaFormat f) {
        if (f.equals(MediaFormat.G722)) {
            return 500;
        }
        return f.equals(MediaFormat.ULAW) || f.equals(MediaFormat.ALAW) ? 1000 : 2000;
    }

    /** {@code payload} cut into frames of {@code samples[i]} samples each, timestamps from {@code start}. */
    static List<VoiceFrame> frames(MediaFormat f, byte[] payload, int[] samples, long start) {
        List<VoiceFrame> frames = new ArrayList<>();
        int offset = 0;
        long ts = start;
        for (int n : samples) {
            int bytes = n * bytesPerThousand(f) / 1000;
            frames.add(new VoiceFrame(f, payload, offset, bytes, n, ts));
            offset += bytes;
            ts += n;
        }
        if (offset != payload.length) {
            throw new IllegalArgumentException("frames cover " + offset + " of " + payload.length + " bytes");
        }
        return frames;
    }

    /** {@code payload} cut into 20 ms frames. */
    static List<VoiceFrame> frames20ms(MediaFormat f, byte[] payload, long start) {
        int perFrame = rate(f) / 50;
        int total = payload.length * 1000 / bytesPerThousand(f);
        int[] sizes = new int[total / perFrame];
        Arrays.fill(sizes, perFrame);
        return frames(f, payload, sizes, start);
    }

    static byte[] concat(List<VoiceFrame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (VoiceFrame f : frames) {
            out.writeBytes(f.payloadCopy());
        }
        return out.toByteArray();
    }
}
