package org.strowger.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.Translator;
import org.strowger.core.media.tone.DtmfGenerator;
import org.strowger.core.media.tone.ToneMeter;
import org.strowger.core.media.translate.Codecs;
import org.strowger.testkit.Callback;
import org.strowger.testkit.FakeChannel;

/** Test audio: tones as voice frames in any format, and what a fake channel's tech was written, decoded. */
final class Audio {
    private static final Codecs CODECS = Codecs.builtIn();

    private Audio() {
    }

    /** {@code frames} consecutive 20 ms frames of a {@code hz} tone at -13 dBm0-ish amplitude, in {@code format}. */
    static List<VoiceFrame> tone(double hz, MediaFormat format, int frames) {
        int rate = linearRate(format);
        Translator t = CODECS.translator(Codecs.linear(rate), format);
        List<VoiceFrame> out = new ArrayList<>();
        int n = rate / 50;
        for (int f = 0; f < frames; f++) {
            byte[] pcm = new byte[2 * n];
            for (int i = 0; i < n; i++) {
                int k = f * n + i;
                short s = (short) Math.round(6000 * Math.sin(2 * Math.PI * hz * k / rate));
                pcm[2 * i] = (byte) s;
                pcm[2 * i + 1] = (byte) (s >> 8);
            }
            out.add(t.translate(new VoiceFrame(Codecs.linear(rate), pcm, n, (long) f * n)));
        }
        return out;
    }

    /** In-band DTMF: per digit 100 ms of its Q.23 tone pair, then 100 ms of silence, 20 ms frames in {@code format}. */
    static List<VoiceFrame> digits(String digits, MediaFormat format) {
        Translator t = CODECS.translator(Codecs.linear(8000), format);
        DtmfGenerator gen = new DtmfGenerator(8000);
        List<VoiceFrame> out = new ArrayList<>();
        short[] buf = new short[160];
        long ts = 0;
        for (char d : digits.toCharArray()) {
            gen.start(d, 100);
            for (int f = 0; f < 10; f++) { // 5 frames of tone, 5 of silence
                Arrays.fill(buf, (short) 0);
                if (f < 5) {
                    gen.generate(buf, 0, 160);
                }
                byte[] pcm = new byte[320];
                for (int i = 0; i < 160; i++) {
                    pcm[2 * i] = (byte) buf[i];
                    pcm[2 * i + 1] = (byte) (buf[i] >> 8);
                }
                out.add(t.translate(new VoiceFrame(Codecs.linear(8000), pcm, 160, ts)));
                ts += 160;
            }
        }
        return out;
    }

    /** The voice frames the core wrote to {@code fake}'s tech, in order. */
    static List<VoiceFrame> written(FakeChannel fake) {
        List<VoiceFrame> out = new ArrayList<>();
        for (Callback cb : fake.callbacks()) {
            if (cb.name().equals("write") && cb.argument() instanceof VoiceFrame v) {
                out.add(v);
            }
        }
        return out;
    }

    /** {@code frames} decoded and concatenated as 16-bit linear at {@code rate}. */
    static short[] decode(List<? extends MediaFrame> frames, int rate) {
        List<short[]> parts = new ArrayList<>();
        int total = 0;
        Translator t = null;
        for (MediaFrame m : frames) {
            VoiceFrame v = (VoiceFrame) m;
            if (t == null || !t.from().equals(v.format())) {
                t = CODECS.translator(v.format(), Codecs.linear(rate));
            }
            VoiceFrame pcm = t.translate(v);
            short[] s = new short[pcm.payloadLength() / 2];
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) ((pcm.payloadByte(2 * i) & 0xFF) | (pcm.payloadByte(2 * i + 1) << 8));
            }
            parts.add(s);
            total += s.length;
        }
        short[] all = new short[total];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** The strongest of {@code candidates} in {@code samples} (skipping the first 40 ms, where filters settle). */
    static double dominant(short[] samples, int rate, double... candidates) {
        int skip = Math.min(samples.length / 2, rate / 25);
        return ToneMeter.dominant(samples, skip, samples.length - skip, rate, candidates);
    }

    /** The level of {@code hz} in {@code samples}, in dBm0 (the first 40 ms skipped). */
    static double level(short[] samples, int rate, double hz) {
        int skip = Math.min(samples.length / 2, rate / 25);
        return ToneMeter.levelDbm0(samples, skip, samples.length - skip, rate, hz);
    }

    static int linearRate(MediaFormat format) {
        int r = format.clockRate();
        return r == 16000 || r == 24000 || r == 48000 ? r : 8000;
    }
}
