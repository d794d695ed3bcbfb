package org.strowger.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.media.Signals;
import org.strowger.core.media.codec.G711;

/** The mixer's arithmetic on its own: decode, sum, minus self, clamp, encode in each member's format. */
class MixerTest {
    private static VoiceFrame slin(int level) {
        byte[] p = new byte[2 * Mixer.FRAME_SAMPLES];
        for (int i = 0; i < Mixer.FRAME_SAMPLES; i++) {
            p[2 * i] = (byte) level;
            p[2 * i + 1] = (byte) (level >> 8);
        }
        return new VoiceFrame(MediaFormat.SLIN8, p, Mixer.FRAME_SAMPLES, 0);
    }

    private static VoiceFrame ulaw(int level) {
        byte[] p = new byte[Mixer.FRAME_SAMPLES];
        Arrays.fill(p, G711.linearToUlaw(level));
        return new VoiceFrame(MediaFormat.ULAW, p, Mixer.FRAME_SAMPLES, 0);
    }

    private static int sample(VoiceFrame v, int i) {
        return v.format().equals(MediaFormat.SLIN8)
                ? (short) ((v.payloadByte(2 * i) & 0xFF) | (v.payloadByte(2 * i + 1) << 8))
                : G711.ulawToLinear(v.payloadByte(i));
    }

    private static Map<String, VoiceFrame> tick(Mixer<String> m, long ts) {
        Map<String, VoiceFrame> out = new HashMap<>();
        m.tick(ts, out::put);
        return out;
    }

    @Test
    void everyMemberHearsTheSumOfTheOthersInItsOwnFormat() {
        Mixer<String> m = new Mixer<>();
        Mixer.Slot<String> a = m.add("a");
        Mixer.Slot<String> b = m.add("b");
        Mixer.Slot<String> c = m.add("c");
        assertTrue(m.put(a, slin(1000)));
        assertTrue(m.put(b, slin(-300)));
        assertTrue(m.put(c, ulaw(2000)));
        Map<String, VoiceFrame> out = tick(m, 320);
        assertEquals(MediaFormat.SLIN8, out.get("a").format());
        assertEquals(MediaFormat.ULAW, out.get("c").format(), "c hears the mix in the format it sends");
        int cLevel = G711.ulawToLinear(G711.linearToUlaw(2000));
        assertEquals(-300 + cLevel, sample(out.get("a"), 0), "a hears b + c, not itself");
        assertEquals(1000 + cLevel, sample(out.get("b"), 7));
        assertEquals(G711.ulawToLinear(G711.linearToUlaw(700)), sample(out.get("c"), 159));
        assertEquals(320, out.get("a").timestamp());
        assertEquals(Mixer.FRAME_SAMPLES, out.get("a").samples());
    }

    @Test
    void theSumIsClampedTo16BitsAndASilentTickIsSilence() {
        Mixer<String> m = new Mixer<>();
        Mixer.Slot<String> a = m.add("a");
        Mixer.Slot<String> b = m.add("b");
        Mixer.Slot<String> c = m.add("c");
        m.put(a, slin(30000));
        m.put(b, slin(30000));
        m.put(c, slin(-30000));
        Map<String, VoiceFrame> loud = tick(m, 0);
        assertEquals(Short.MAX_VALUE, sample(loud.get("c"), 0), "30000 + 30000 clamps");
        assertEquals(0, sample(loud.get("a"), 0));
        Map<String, VoiceFrame> quiet = tick(m, 160);
        for (VoiceFrame f : quiet.values()) {
            assertEquals(0, sample(f, 80), "a member that sent nothing since the last tick is silent");
        }
    }

    @Test
    void aLaterFrameInOneTickReplacesTheEarlierAndAnUndecodableOneIsLeftOut() {
        Mixer<String> m = new Mixer<>();
        Mixer.Slot<String> a = m.add("a");
        Mixer.Slot<String> b = m.add("b");
        m.put(a, slin(100));
        m.put(a, slin(200));
        assertFalse(m.put(b, new VoiceFrame(MediaFormat.OPUS, new byte[40], 960, 0)), "opus is not mixed here");
        // b has sent nothing it can mix, so it hears a's later frame in mu-law, the format before any
        assertEquals(G711.ulawToLinear(G711.linearToUlaw(200)), sample(tick(m, 0).get("b"), 0));
        m.remove(b);
        assertEquals(1, m.size());
    }

    @Test
    void aTickAllocatesOnlyTheFramesItHandsOut() {
        Mixer<Integer> m = new Mixer<>();
        List<Mixer.Slot<Integer>> slots = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            slots.add(m.add(i));
        }
        VoiceFrame voice = ulaw(500);
        long[] bytesOut = new long[1];
        Mixer.Output<Integer> count = (who, f) -> bytesOut[0] += f.payloadLength();
        for (int warm = 0; warm < 20_000; warm++) { // let the JIT settle
            slots.forEach(s -> m.put(s, voice));
            m.tick(0, count);
        }
        long bytes = Signals.allocatedBytes(() -> {
            for (int t = 0; t < 100; t++) {
                slots.forEach(s -> m.put(s, voice));
                m.tick(t, count);
            }
        });
        // each handed-out frame is an object and its one payload copy (160 bytes and headers); nothing else per tick
        long perFrame = bytes / (100L * 50);
        assertTrue(perFrame <= 160 + 96, perFrame + " bytes per member per tick");
    }
}
