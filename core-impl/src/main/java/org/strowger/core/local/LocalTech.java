package org.strowger.core.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.ComfortNoiseFrame;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.DtmfBegin;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.Frame;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.TextFrame;
import org.strowger.core.bridge.BridgeImpl;
import org.strowger.core.bridge.Swap;
import org.strowger.core.bridge.SwapKind;
import org.strowger.core.channel.ChannelImpl;
import org.strowger.core.channel.TechRegistration;
import org.strowger.core.log.LogText;
import org.strowger.core.switchboard.Switchboard;
import org.strowger.spi.BridgePeer;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.InboundCall;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.spi.TechContext;

/*
 * The loopback tech. Requesting "Local/<destination>" creates the first half (;1); calling it announces the second
 * half (;2) as an inbound call to <destination>, routed by the core's inbound-call handler like any other. What one
 * half is sent, the other receives: frames, DTMF, text and indications cross through the other half's sink (a queued
 * upcall, so the halves never touch each other's state), answer on ;2 answers ;1, and a hang-up of either hangs up the
 * other with the same cause.
 *
 * Optimisation (no masquerade): when both halves sit in two-party bridges and the pair is answered, the party bridged
 * to ;2 is swapped into ;1's bridge in ;1's place (one swap, the far party leaving ;2's bridge as in a move), then both
 * halves hang up. A chain collapses pair by pair. An attempt is made on a half's executor, on the events that can make
 * it possible: either half bridged with a new peer (or unbridged), ;2's answer, and the end of a transfer's hold on
 * either bridge. An attempt that cannot go ahead (not answered yet, a bridge held open by an attended transfer, a
 * conflicting ownership change such as an adjacent pair's swap of the same channel) waits for the next such event; no
 * clock is polled. "Local/<destination>/n" never optimises.
 *
 * Loops: Local pairs bridged only to each other in a ring (a pair with itself, or ;2 of each pair with ;1 of the next,
 * the last with the first) would pass every frame round the ring for ever. Each time a half is bridged, the tech
 * follows the chain from it through the pairs' bridge peers; if it comes back, the pair is marked looped, and what
 * would cross it is dropped (the ring has no party that could hear it) until the chain no longer closes, which is
 * checked again before each crossing while the mark is on.
 *
 * The second half is announced through the context start() received, so a wrapper of the tech (the TCK's recorder)
 * sees it like any inbound call. While ;1's call() announces it, a thread-local names ;1, and the core links the new
 * channel to it (;1's linked id and variables, no endpoint count): a wrapper that announced later, on another thread,
 * would make ;2 a plain inbound call instead.
 */
public final class LocalTech implements ChannelTech {
    public static final String NAME = "Local";
    private static final Logger LOG = LoggerFactory.getLogger(LocalTech.class);

    /** The first half whose call() is announcing its second half on this thread. */
    private static final ThreadLocal<ChannelImpl> ANNOUNCING = new ThreadLocal<>();

    private final Switchboard sb;
    private final Map<ChannelId, Half> halves = new ConcurrentHashMap<>();
    private volatile TechContext context;

    public LocalTech(Switchboard switchboard) {
        this.sb = switchboard;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(TechContext ctx) {
        this.context = ctx;
    }

    /** The first Local half of {@code reg} announcing its second half on the calling thread, or null. */
    public static ChannelImpl firstHalfAnnouncing(TechRegistration reg) {
        ChannelImpl one = ANNOUNCING.get();
        return one != null && one.tech() == reg ? one : null;
    }

    @Override
    public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
        String resource = setup.resource();
        boolean optimise = !resource.endsWith("/n");
        String destination = optimise ? resource : resource.substring(0, resource.length() - 2);
        Pair pair = new Pair(destination, optimise, setup.requesterFormats());
        pair.one = sink;
        return new Half(pair, true, sink);
    }

    /** State shared by the two halves; each field is written by one half and read by the other. */
    private static final class Pair {
        final String destination;
        final boolean optimise;
        final List<MediaFormat> formats; // the requester's, offered on by ;2 to whatever it dials
        /** IDLE, ATTEMPTING, or AGAIN: an event came during the attempt, so another follows it. */
        final AtomicInteger attempt = new AtomicInteger();
        volatile ChannelSink one;
        volatile ChannelSink two;
        volatile BridgePeer peerOfOne;
        volatile BridgePeer peerOfTwo;
        volatile boolean looped;

        Pair(String destination, boolean optimise, List<MediaFormat> formats) {
            this.destination = destination;
            this.optimise = optimise;
            this.formats = formats;
        }
    }

    private final class Half implements TechChannel {
        private final Pair pair;
        private final boolean first;
        private final ChannelSink sink;

        Half(Pair pair, boolean first, ChannelSink sink) {
            this.pair = pair;
            this.first = first;
            this.sink = sink;
            halves.put(sink.channel().id(), this);
        }

        private ChannelSink other() {
            return first ? pair.two : pair.one;
        }

        private Half otherHalf() {
            ChannelSink o = other();
            return o == null ? null : halves.get(o.channel().id());
        }

        private BridgePeer peer() {
            return first ? pair.peerOfOne : pair.peerOfTwo;
        }

        @Override
        public void call() {
            if (!first) {
                return;
            }
            ChannelImpl one = sb.channel(sink.channel());
            InboundCall call = new InboundCall(pair.destination, pair.destination, one.snapshot().caller(),
                    Map.of(), null, null, pair.formats);
            ANNOUNCING.set(one);
            try {
                pair.two = context.announceInbound(call, s -> new Half(pair, false, s));
            } catch (CommandRejectedException e) {
                LOG.debug("Local/{}: the second half was refused: {}", LogText.escape(pair.destination),
                        LogText.escape(e.getMessage()));
                sink.hangup(e.reason().isLimit() ? e.hangupCause() : HangupCause.NORMAL_TEMPORARY_FAILURE);
            } finally {
                ANNOUNCING.remove();
            }
        }

        @Override
        public void answer() {
            sink.answered(); // nothing goes to a network: confirmed at once
            ChannelSink o = other();
            if (!first && o != null) {
                o.answered();
                sink.execute(() -> tryOptimise(pair)); // after this answer: ;2 is UP by then
            }
        }

        @Override
        public void hangup(HangupCause cause) {
            ChannelSink o = other();
            if (o != null) {
                o.hangup(cause);
            }
        }

        @Override
        public void write(MediaFrame frame) {
            pass(frame);
        }

        @Override
        public void comfortNoise(ComfortNoiseFrame frame) {
            pass(frame);
        }

        @Override
        public void indicate(ControlFrame control) {
            ChannelSink o = crossing();
            if (o == null) {
                return;
            }
            if (control.control() == Control.RINGING) {
                o.ringing();
            } else if (control.control() == Control.PROGRESS) {
                o.progress();
            } else {
                o.receive(control);
            }
        }

        @Override
        public void dtmfBegin(char digit) {
            pass(new DtmfBegin(digit));
        }

        @Override
        public void dtmfEnd(char digit, Duration duration) {
            pass(new DtmfEnd(digit, duration));
        }

        @Override
        public void sendText(String text) {
            pass(new TextFrame(text));
        }

        private void pass(Frame frame) {
            ChannelSink o = crossing();
            if (o != null) {
                o.receive(frame);
            }
        }

        /** Where what this half is sent crosses to: the other half, or null if there is none yet or on a loop. */
        private ChannelSink crossing() {
            if (pair.looped && !(pair.looped = closesLoop(this))) {
                LOG.debug("Local/{}: no longer on a loop", LogText.escape(pair.destination));
            }
            return pair.looped ? null : other();
        }

        @Override
        public void bridged(BridgePeer peer) {
            if (first) {
                pair.peerOfOne = peer;
            } else {
                pair.peerOfTwo = peer;
            }
            pair.looped = closesLoop(this);
            if (pair.looped) {
                LOG.debug("Local/{}: bridged into a loop of Local pairs; frames crossing it are dropped",
                        LogText.escape(pair.destination));
            }
            tryOptimise(pair);
        }

        @Override
        public void unbridged() {
            if (first) {
                pair.peerOfOne = null;
            } else {
                pair.peerOfTwo = null;
            }
        }

        @Override
        public void close() {
            halves.remove(sink.channel().id(), this);
        }
    }

    /**
     * Whether the chain through {@code from}'s pair comes back to it: from a half, cross to the other half, then to
     * that half's bridge peer, and so on, for as many steps as there are halves. Any thread; reads what the halves
     * publish (a ring formed by two bridges at once is seen by at least one of them: each publishes its peer before
     * it looks).
     */
    private boolean closesLoop(Half from) {
        Half h = from;
        for (int steps = halves.size(); steps >= 0; steps--) {
            Half o = h.otherHalf();
            BridgePeer p = o == null ? null : o.peer();
            Half next = p == null ? null : halves.get(p.channelId());
            if (next == null) {
                return false; // the chain ends at a party that is not a Local half, or is not bridged
            }
            if (next == from) {
                return true;
            }
            h = next;
        }
        return false;
    }

    private static final int IDLE = 0;
    private static final int ATTEMPTING = 1;
    private static final int AGAIN = 2;

    /**
     * Swaps the party behind ;2 into ;1's bridge, then hangs both halves up. Runs on a half's executor. One attempt at
     * a time: an event that comes while one is under way is not lost, it makes another follow (AGAIN). An attempt that
     * cannot go ahead now is left to the next event that can change that (class comment).
     */
    private void tryOptimise(Pair pair) {
        while (true) {
            int a = pair.attempt.get();
            if (a == IDLE && pair.attempt.compareAndSet(IDLE, ATTEMPTING)) {
                attempt(pair);
                return;
            }
            if (a == AGAIN || (a == ATTEMPTING && pair.attempt.compareAndSet(ATTEMPTING, AGAIN))) {
                return;
            }
        }
    }

    /** The attempt under way has ended: runs the one an event asked for meanwhile, if any. */
    private void attemptEnded(Pair pair) {
        if (!pair.attempt.compareAndSet(ATTEMPTING, IDLE)) {
            pair.attempt.set(ATTEMPTING);
            ChannelSink one = pair.one;
            if (one == null || !one.execute(() -> attempt(pair))) {
                pair.attempt.set(IDLE);
            }
        }
    }

    private void attempt(Pair pair) {
        Half oneHalf = pair.one == null ? null : halves.get(pair.one.channel().id());
        if (!pair.optimise || pair.peerOfOne == null || pair.peerOfTwo == null || pair.two == null || oneHalf == null
                || closesLoop(oneHalf)) {
            attemptEnded(pair);
            return;
        }
        ChannelImpl one = sb.channel(pair.one.channel());
        ChannelImpl two = sb.channel(pair.two.channel());
        ChannelSnapshot s1 = one.snapshot();
        ChannelSnapshot s2 = two.snapshot();
        ChannelImpl far = sb.liveChannel(pair.peerOfTwo.channelId()).orElse(null);
        BridgeImpl outer = s1.bridge() == null ? null : sb.liveBridge(s1.bridge()).orElse(null);
        BridgeImpl inner = s2.bridge() == null ? null : sb.liveBridge(s2.bridge()).orElse(null);
        if (far == one || !s1.isLive() || (s1.state() != ChannelState.UP && s2.state() != ChannelState.UP)
                || outer == null || far == null || inner == null) {
            attemptEnded(pair); // not ready: a bridging or the answer will try again
            return;
        }
        if (outer.isHeld() || inner.isHeld()) { // a transfer counts on both bridges' members: after it
            Runnable retry = () -> pair.one.execute(() -> tryOptimise(pair));
            for (BridgeImpl held : List.of(outer, inner)) {
                if (held.isHeld()) {
                    held.postWhenUnheld(retry);
                }
            }
            attemptEnded(pair);
            return;
        }
        // far must still be ;2's peer in ;2's bridge when the swap reserves it, or the attempt is refused; far keeps
        // its policy
        Swap.start(one, far, outer, null, SwapKind.PLAIN, inner, null, "Local optimisation", sb.runtime().pool())
                .whenComplete((v, t) -> {
                    if (t == null) {
                        one.hangup(HangupCause.NORMAL_CLEARING);
                        two.hangup(HangupCause.NORMAL_CLEARING);
                    } else { // a conflicting change: the bridging it makes will try again
                        LOG.debug("Local/{}: optimisation refused: {}", LogText.escape(pair.destination),
                                LogText.escape(String.valueOf(t.getMessage())));
                    }
                    attemptEnded(pair);
                });
    }
}
