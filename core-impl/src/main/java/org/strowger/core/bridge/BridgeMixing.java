package org.strowger.core.bridge;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.ChannelMedia;
import org.strowger.api.media.PlaybackResult;
import org.strowger.core.channel.MemberSide;
import org.strowger.core.exec.OwnedTimer;
import org.strowger.core.media.translate.Codecs;
import org.strowger.core.media.translate.LinearDecoder;
import org.strowger.core.media.translate.LinearEncoder;

/*
 * The clock, the rate and the formats of a bridge that mixes, on its executor. A bridge mixes while it has three or
 * more members, and whatever its members while it plays a source (BridgePlayback). Then a Mixer holds a slot per
 * member and an OwnedTimer on the core's clock ticks every 20 ms, due at multiples of 20 ms from the start (late ticks
 * do not drift the period; after a stall of more than five periods the missed ticks are skipped rather than sent in a
 * burst). Each tick hands every member its mix through its media lane (postFrame), with a timestamp that advances by
 * one frame per tick from 0 at the start, in the clock of the format it is sent in.
 *
 * The mix rate: the highest rate among the members (the rates of the formats their techs read and write, and of the
 * format each last sent), at most 48 kHz, 8 kHz when no member says more. This is Asterisk's softmix choice: a
 * wideband member hears the others without losing its band, and a bridge of narrowband members resamples nothing. It
 * is chosen again when the members change and when a member's format changes; a new rate rebuilds the mixer at the
 * new frame size (what the playout queues held is dropped, once) and keeps the tick grid and the timestamps.
 *
 * One codec stream per member and direction (Codecs): a LinearDecoder from the format the member sends to linear at
 * the mix rate, into its playout queue as each frame arrives; a LinearEncoder from the mix rate into the format it
 * hears: its channel's write format (ChannelMedia), or for a channel that declares none the format it last sent
 * (mu-law until it has sent any). Each is replaced only when its format or the rate changes, so codec and resampler
 * state runs on from frame to frame. Voice in a format no codec decodes leaves that member out. Buffers are reused;
 * on the steady path the only allocation per member per tick is the frame it is sent (which goes to another executor).
 *
 * A playback's frame, read at the mix rate, is added to every member's mix (no member has it subtracted); the frames
 * it is in carry the playback's liveness as their guard, so that none still queued at a member plays once it ends.
 */
final class BridgeMixing {
    static final long PERIOD_NANOS = 20_000_000L;
    /** The highest mix rate. */
    static final int MAX_RATE = 48_000;
    private static final int MIN_RATE = 8_000;
    private static final int FRAMES_PER_SECOND = 50;

    /** A member as the mixer sees it: where its mix goes, and its codec streams. */
    private static final class Member {
        final MemberSide side;
        MediaFormat sent; // the format of its last decodable voice, or null
        LinearDecoder decoder; // from `sent` at the mix rate, or null until needed
        MediaFormat hears; // what encoder makes
        LinearEncoder encoder; // into `hears` from the mix rate, or null until needed

        Member(MemberSide side) {
            this.side = side;
        }
    }

    private final BridgeImpl bridge;
    private final Codecs codecs;
    private final OwnedTimer tick;
    private final Map<MemberSide, Mixer.Slot<Member>> slots = new HashMap<>();
    private final Mixer.Output<Member> deliver = this::deliver;
    private Mixer<Member> mixer; // while mixing
    private int rate = MIN_RATE;
    private boolean rateStale; // a member's format changed during a tick: choose the rate before the next
    private short[] decoded = new short[MIN_RATE / FRAMES_PER_SECOND];
    private short[] source = new short[MIN_RATE / FRAMES_PER_SECOND]; // a frame of the playback at the mix rate
    private BridgePlayback playback; // the bridge's, while it has one
    private BridgePlayback inThisTick; // the playback whose frame is in the mix being delivered, or null
    private long nextTickDue;
    private long ticks;
    private boolean clockStopped; // the core's scheduler has shut down: no more mixing

    BridgeMixing(BridgeImpl bridge) {
        this.bridge = bridge;
        this.codecs = bridge.rt.codecs();
        this.tick = new OwnedTimer(bridge.executor, bridge.rt.scheduler());
    }

    /**
     * The bridge's members, whether it mixes now and the playback to mix in (or null): starts or stops the clock, adds
     * slots for new members, and chooses the rate again.
     */
    void update(boolean mixing, Collection<MemberSide> members, BridgePlayback playing) {
        assert bridge.executor.inExecutor();
        playback = playing;
        if (!mixing || clockStopped) {
            stop();
            return;
        }
        if (mixer == null) {
            rate = rateFor(members);
            mixer = new Mixer<>(rate / FRAMES_PER_SECOND);
            source = new short[rate / FRAMES_PER_SECOND];
            ticks = 0;
            nextTickDue = bridge.rt.scheduler().nanoTime();
            scheduleTick();
            if (mixer == null) {
                return;
            }
        }
        for (MemberSide m : members) {
            slots.computeIfAbsent(m, side -> mixer.add(new Member(side)));
        }
        chooseRate();
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
        playback = null;
        if (mixer != null) {
            mixer = null;
            slots.clear();
            tick.cancel();
        }
    }

    /** The rate a mix of {@code members} runs at (also what a playback opens at); the current one while mixing. */
    int rateFor(Collection<MemberSide> members) {
        assert bridge.executor.inExecutor();
        if (mixer != null) {
            return rate;
        }
        int r = MIN_RATE;
        for (MemberSide m : members) {
            r = Math.max(r, rateOf(m, null));
        }
        return Math.min(r, MAX_RATE);
    }

    /** A member's voice frame, into its playout queue (ignored unless it is mixed and decodable). */
    void put(MemberSide from, VoiceFrame frame) {
        assert bridge.executor.inExecutor();
        Mixer.Slot<Member> s = slots.get(from);
        if (s == null) {
            return;
        }
        Member m = s.owner;
        MediaFormat f = frame.format();
        if (!f.equals(m.sent)) {
            if (!codecs.translates(f)) {
                return;
            }
            m.sent = f;
            m.decoder = null;
            chooseRate(); // e.g. a channel that declares nothing sends wideband
            s = slots.get(from);
        }
        if (m.decoder == null) {
            m.decoder = codecs.decoder(f, rate);
        }
        int max = m.decoder.maxSamples(frame.payloadLength());
        if (decoded.length < max) {
            decoded = new short[max];
        }
        mixer.put(s, decoded, m.decoder.decode(frame, decoded, 0));
    }

    /** Chooses the mix rate from the members now; a new one rebuilds the mixer and the members' codec streams. */
    private void chooseRate() {
        rateStale = false;
        int r = MIN_RATE;
        for (Mixer.Slot<Member> s : slots.values()) {
            r = Math.max(r, rateOf(s.owner.side, s.owner.sent));
        }
        r = Math.min(r, MAX_RATE);
        if (r == rate) {
            return;
        }
        rate = r;
        Mixer<Member> next = new Mixer<>(r / FRAMES_PER_SECOND);
        for (Map.Entry<MemberSide, Mixer.Slot<Member>> e : slots.entrySet()) {
            Member m = e.getValue().owner;
            m.decoder = null;
            m.encoder = null;
            e.setValue(next.add(m));
        }
        mixer = next;
        source = new short[r / FRAMES_PER_SECOND];
    }

    /** The highest rate of {@code m}'s formats: what its tech reads and writes, and {@code sent}. */
    private int rateOf(MemberSide m, MediaFormat sent) {
        ChannelMedia media = m.handle().snapshot().media();
        return Math.max(rateOf(sent), Math.max(rateOf(media.readFormat()), rateOf(media.writeFormat())));
    }

    private int rateOf(MediaFormat f) {
        return f != null && codecs.translates(f) ? codecs.sampleRate(f) : MIN_RATE;
    }

    /** The format {@code m} hears its mix in: its channel's write format, else what it last sent, else mu-law. */
    private MediaFormat heardFormat(Member m) {
        MediaFormat w = m.side.handle().snapshot().media().writeFormat();
        if (w != null && codecs.translates(w)) {
            return w;
        }
        return m.sent != null ? m.sent : MediaFormat.ULAW;
    }

    private void scheduleTick() {
        long now = bridge.rt.scheduler().nanoTime();
        nextTickDue += PERIOD_NANOS;
        if (nextTickDue < now - 5 * PERIOD_NANOS) {
            nextTickDue = now + PERIOD_NANOS;
        }
        try {
            tick.arm(nextTickDue - now, this::mix);
        } catch (RejectedExecutionException stopped) { // the core's scheduler has shut down: so has the mix
            clockStopped = true;
            BridgePlayback p = playback;
            stop();
            if (p != null) {
                bridge.executor.execute(() -> p.end(PlaybackResult.End.GONE));
            }
        }
    }

    private void mix() {
        assert bridge.executor.inExecutor();
        if (rateStale) {
            chooseRate();
        }
        BridgePlayback p = playback;
        inThisTick = null;
        if (p != null) {
            switch (p.read(source, rate)) {
                case FRAME -> inThisTick = p;
                case ENDED -> {
                    p.sourceEnded(); // the bridge stops mixing for it, and may stop mixing
                    if (mixer == null) {
                        return;
                    }
                }
                case NONE -> {
                }
            }
        }
        mixer.tick(inThisTick == null ? null : source, deliver);
        inThisTick = null;
        ticks++;
        scheduleTick();
    }

    private void deliver(Member m, short[] mix) {
        MediaFormat f = heardFormat(m);
        if (m.encoder == null || !f.equals(m.hears)) {
            if (m.hears != null && !f.equals(m.hears)) {
                rateStale = true; // its write format changed: it may change the rate, from the next tick
            }
            m.hears = f;
            m.encoder = codecs.encoder(f, rate);
        }
        VoiceFrame out = m.encoder.encode(mix, 0, mix.length, ticks * f.clockRate() / FRAMES_PER_SECOND);
        if (out == null) {
            return;
        }
        BridgePlayback p = inThisTick;
        if (p == null) {
            m.side.postFrame(out);
        } else {
            m.side.postFrameWhile(out, p.live());
        }
    }
}
