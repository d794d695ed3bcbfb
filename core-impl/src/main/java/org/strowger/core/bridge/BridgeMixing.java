package org.strowger.core.bridge;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.channel.MemberSide;
import org.strowger.core.exec.OwnedTimer;

/*
 * The clock and the formats of a mixing bridge, on its executor: while the bridge mixes (three or more members) a
 * Mixer holds a slot per member, and an OwnedTimer on the core's clock ticks every 20 ms, due at multiples of 20 ms
 * from the start (late ticks do not drift the period; after a stall of more than five periods the missed ticks are
 * skipped rather than sent in a burst). A member's voice frame is decoded (MixFormat) into the member's playout queue
 * as it arrives; each tick hands every member its mix, encoded in the format that member last sent (mu-law until it
 * has sent any), through the member's media lane (postFrame), with a media timestamp that advances by one frame per
 * tick. Frames in a format MixFormat cannot decode leave that member's voice out.
 */
final class BridgeMixing {
    static final long PERIOD_NANOS = 20_000_000L;

    /** A member as the mixer sees it: where its mix goes and the format it hears it in. */
    private static final class Member {
        final MemberSide side;
        MixFormat format = MixFormat.ULAW;

        Member(MemberSide side) {
            this.side = side;
        }
    }

    private final BridgeImpl bridge;
    private final OwnedTimer tick;
    private final Map<MemberSide, Mixer.Slot<Member>> slots = new HashMap<>();
    private final short[] decoded = new short[MixFormat.FRAME_SAMPLES];
    private final byte[] encoded = new byte[MixFormat.FRAME_SAMPLES * 2];
    private final Mixer.Output<Member> deliver = this::deliver;
    private Mixer<Member> mixer; // while mixing
    private long nextTickDue;
    private long timestamp;

    BridgeMixing(BridgeImpl bridge) {
        this.bridge = bridge;
        this.tick = new OwnedTimer(bridge.executor, bridge.rt.scheduler());
    }

    /** The bridge's members and whether it mixes now: starts or stops the clock, adds slots for new members. */
    void update(boolean mixing, Collection<MemberSide> members) {
        assert bridge.executor.inExecutor();
        if (!mixing) {
            stop();
            return;
        }
        if (mixer == null) {
            mixer = new Mixer<>(MixFormat.FRAME_SAMPLES);
            nextTickDue = bridge.rt.scheduler().nanoTime();
            scheduleTick();
        }
        for (MemberSide m : members) {
            slots.computeIfAbsent(m, side -> mixer.add(new Member(side)));
        }
    }

    /** A member left. */
    void removed(MemberSide m) {
        assert bridge.executor.inExecutor();
        Mixer.Slot<Member> s = slots.remove(m);
        if (s != null) {
            mixer.remove(s);
        }
    }

    void stop() {
        assert bridge.executor.inExecutor();
        if (mixer != null) {
            mixer = null;
            slots.clear();
            tick.cancel();
        }
    }

    /** A member's voice frame, into its playout queue (ignored unless it is mixed and decodable). */
    void put(MemberSide from, VoiceFrame frame) {
        assert bridge.executor.inExecutor();
        Mixer.Slot<Member> s = slots.get(from);
        if (s == null) {
            return;
        }
        MixFormat f = MixFormat.of(frame.format());
        if (f == null) {
            return;
        }
        s.owner.format = f;
        mixer.put(s, decoded, f.decode(frame, decoded));
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
        assert bridge.executor.inExecutor();
        mixer.tick(deliver);
        timestamp += MixFormat.FRAME_SAMPLES;
        scheduleTick();
    }

    private void deliver(Member m, short[] mix) {
        int n = m.format.encode(mix, encoded);
        m.side.postFrame(new VoiceFrame(m.format.format, encoded, 0, n, MixFormat.FRAME_SAMPLES, timestamp));
    }
}
