package org.strowger.core.bridge;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.channel.MemberSide;
import org.strowger.core.exec.OwnedTimer;

/*
 * The clock of a mixing bridge, on its executor: while the bridge mixes (three or more members) a Mixer holds a slot
 * per member, and an OwnedTimer on the core's clock ticks every 20 ms, due at multiples of 20 ms from the start (late
 * ticks do not drift the period; after a stall of more than five periods the missed ticks are skipped rather than
 * sent in a burst). Each tick hands every member its mix through the member's media lane (postFrame), with a media
 * timestamp that advances by one frame per tick.
 */
final class BridgeMixing {
    static final long PERIOD_NANOS = 20_000_000L;

    private final BridgeImpl bridge;
    private final OwnedTimer tick;
    private final Map<MemberSide, Mixer.Slot<MemberSide>> slots = new HashMap<>();
    private Mixer<MemberSide> mixer; // while mixing
    private long nextTickDue;
    private long timestamp;

    BridgeMixing(BridgeImpl bridge) {
        this.bridge = bridge;
        this.tick = new OwnedTimer(bridge.executor, bridge.rt.scheduler());
    }

    /** The bridge's members and whether it mixes now: starts or stops the clock, adds slots for new members. */
    void update(boolean mixing, Collection<MemberSide> members) {
        if (!mixing) {
            stop();
            return;
        }
        if (mixer == null) {
            mixer = new Mixer<>();
            nextTickDue = bridge.rt.scheduler().nanoTime();
            scheduleTick();
        }
        for (MemberSide m : members) {
            slots.computeIfAbsent(m, mixer::add);
        }
    }

    /** A member left. */
    void removed(MemberSide m) {
        Mixer.Slot<MemberSide> s = slots.remove(m);
        if (s != null) {
            mixer.remove(s);
        }
    }

    void stop() {
        if (mixer != null) {
            mixer = null;
            slots.clear();
            tick.cancel();
        }
    }

    /** A member's voice since the last tick (ignored unless it is mixed). */
    void put(MemberSide from, VoiceFrame frame) {
        Mixer.Slot<MemberSide> s = slots.get(from);
        if (s != null) {
            mixer.put(s, frame);
        }
    }

    private void scheduleTick() {
        long now = bridge.rt.scheduler().nanoTime();
        nextTickDue += PERIOD_NANOS;
        if (nextTickDue < now - 5 * PERIOD_NANOS) {
            nextTickDue = now + PERIOD_NANOS;
        }
        tick.arm(nextTickDue - now, this::mix);
    }

    private void mix() {
        mixer.tick(timestamp, MemberSide::postFrame);
        timestamp += Mixer.FRAME_SAMPLES;
        scheduleTick();
    }
}
