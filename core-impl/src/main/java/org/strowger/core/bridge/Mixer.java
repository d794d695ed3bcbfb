package org.strowger.core.bridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/*
 * The arithmetic of a mixing bridge on 16-bit linear samples, with no executor, no clock and no formats: put queues a
 * member's frame in that member's PlayoutQueue as it arrives; tick, driven from outside once a frame period, takes one
 * frame (or silence) from every queue, sums them, and hands each member the sum minus its own voice, clamped to 16
 * bits. A frame that is nobody's voice (a playback's) may be added to the sum: every member hears it. Decoding what
 * members send and encoding what they hear is the caller's (BridgeMixing).
 *
 * Allocation-free per tick: the queues, the sum and the one mix buffer handed to every member are allocated once and
 * reused (so a member's mix is valid only during its callback), and members are walked by index, not by iterator.
 */
final class Mixer<T> {
    /** One member: who it is, its queue, and the frame it contributes to the tick being mixed. */
    static final class Slot<T> {
        final T owner;
        final PlayoutQueue queue;
        private short[] voice; // during a tick: this tick's frame, or null for silence

        private Slot(T owner, int frameSamples) {
            this.owner = owner;
            this.queue = new PlayoutQueue(frameSamples);
        }
    }

    /** Receives each member's mix of one tick. */
    @FunctionalInterface
    interface Output<T> {
        /** {@code mix} holds one frame of samples, the mixer's buffer: read it before returning, do not keep it. */
        void mixed(T owner, short[] mix);
    }

    private final int frameSamples;
    private final List<Slot<T>> slots = new ArrayList<>();
    private final int[] sum;
    private final short[] mix;

    /** A mixer of frames of {@code frameSamples} samples (160: 20 ms at 8 kHz). */
    Mixer(int frameSamples) {
        this.frameSamples = frameSamples;
        this.sum = new int[frameSamples];
        this.mix = new short[frameSamples];
    }

    int frameSamples() {
        return frameSamples;
    }

    Slot<T> add(T owner) {
        Slot<T> s = new Slot<>(owner, frameSamples);
        slots.add(s);
        return s;
    }

    void remove(Slot<T> s) {
        slots.remove(s);
    }

    int size() {
        return slots.size();
    }

    /** Queues a member's frame, {@code samples[0..count)}: a shorter one is padded with silence, a longer one cut. */
    void put(Slot<T> slot, short[] samples, int count) {
        slot.queue.put(samples, count);
    }

    /** Mixes one tick: one frame from every member's queue; every member gets the others' sum. */
    void tick(Output<T> out) {
        tick(null, out);
    }

    /**
     * Mixes one tick with {@code shared} (one frame, or null for none) added to every member's mix: one frame from
     * every member's queue; every member gets the others' sum and {@code shared}.
     */
    void tick(short[] shared, Output<T> out) {
        int n = frameSamples;
        if (shared == null) {
            Arrays.fill(sum, 0);
        } else {
            for (int i = 0; i < n; i++) {
                sum[i] = shared[i];
            }
        }
        for (int k = 0; k < slots.size(); k++) {
            Slot<T> s = slots.get(k);
            short[] v = s.queue.take();
            s.voice = v;
            if (v != null) {
                for (int i = 0; i < n; i++) {
                    sum[i] += v[i];
                }
            }
        }
        for (int k = 0; k < slots.size(); k++) {
            Slot<T> s = slots.get(k);
            short[] v = s.voice;
            s.voice = null;
            if (v == null) {
                for (int i = 0; i < n; i++) {
                    mix[i] = clamp(sum[i]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    mix[i] = clamp(sum[i] - v[i]);
                }
            }
            out.mixed(s.owner, mix);
        }
    }

    private static short clamp(int v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }
}
