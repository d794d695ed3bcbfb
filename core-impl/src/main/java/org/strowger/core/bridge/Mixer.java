package org.strowger.core.bridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.strowger.api.frame.VoiceFrame;

/*
 * The arithmetic of a mixing bridge, with no executor and no clock: each member's last voice frame since the previous
 * tick is decoded into its slot as 16-bit linear; a tick sums every slot, and gives each member the sum minus its own
 * voice, clamped to 16 bits and encoded in the format that member last sent (mu-law until it has sent any). A member
 * that sent nothing since the last tick contributes silence. The sum, the difference and the encoding use buffers
 * kept from tick to tick, so a tick allocates only the frames it hands out (one payload copy each, made by VoiceFrame).
 * Frames in a format the mixer cannot decode leave that member's voice out. 8 kHz, 20 ms (160 samples) per tick.
 */
final class Mixer<T> {
    /** Samples in one 20 ms frame at 8 kHz. */
    static final int FRAME_SAMPLES = MixFormat.FRAME_SAMPLES;

    /** One member's voice in the mix. */
    static final class Slot<T> {
        final T owner;
        private MixFormat format = MixFormat.ULAW;
        private final short[] voice = new short[FRAME_SAMPLES];
        private int samples;

        private Slot(T owner) {
            this.owner = owner;
        }
    }

    /** Receives each member's mix of one tick. */
    @FunctionalInterface
    interface Output<T> {
        void mixed(T owner, VoiceFrame frame);
    }

    private final List<Slot<T>> slots = new ArrayList<>();
    private final int[] sum = new int[FRAME_SAMPLES];
    private final int[] minusSelf = new int[FRAME_SAMPLES];
    private final byte[] encoded = new byte[FRAME_SAMPLES * 2];

    Slot<T> add(T owner) {
        Slot<T> s = new Slot<>(owner);
        slots.add(s);
        return s;
    }

    void remove(Slot<T> s) {
        slots.remove(s);
    }

    int size() {
        return slots.size();
    }

    /** A member's voice since the last tick; replaces one sent earlier in the same tick. False if not decodable. */
    boolean put(Slot<T> slot, VoiceFrame frame) {
        MixFormat f = MixFormat.of(frame.format());
        if (f == null) {
            return false;
        }
        slot.format = f;
        slot.samples = f.decode(frame, slot.voice);
        return true;
    }

    /** Mixes one tick with media timestamp {@code timestamp}: every slot gets its frame; then every slot is silent. */
    void tick(long timestamp, Output<T> out) {
        Arrays.fill(sum, 0);
        for (Slot<T> s : slots) {
            for (int i = 0; i < s.samples; i++) {
                sum[i] += s.voice[i];
            }
        }
        for (Slot<T> s : slots) {
            for (int i = 0; i < FRAME_SAMPLES; i++) {
                int v = sum[i] - (i < s.samples ? s.voice[i] : 0);
                minusSelf[i] = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            }
            int n = s.format.encode(minusSelf, encoded);
            out.mixed(s.owner, new VoiceFrame(s.format.format, encoded, 0, n, FRAME_SAMPLES, timestamp));
        }
        for (Slot<T> s : slots) {
            s.samples = 0;
        }
    }
}
