package org.strowger.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeId;
import org.strowger.api.Channel;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.ComfortNoiseFrame;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.DtmfBegin;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.TextFrame;
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
 * upcall, so the halves never touch each other's state), answer on ;2 answers ;1, and a hang-up of either hangs up
 * the other with the same cause.
 *
 * Optimisation (no masquerade): when both halves sit in two-party bridges and the pair is answered, the party bridged to ;2
 * is swapped into ;1's bridge in ;1's place (one Bridge.swap, the far party leaving ;2's bridge as in a move), then
 * both halves hang up. A chain collapses pair by pair. If the swap conflicts with another ownership change (the swap
 * locks the member it replaces, so adjacent pairs cannot both claim one channel), or either half's bridge is held open
 * by an attended transfer (;1 or ;2 is its target, transferer or a transferee, and every party must stay where it is
 * until the transfer ends), it is not tried or refused cleanly, and retried on the core's clock a bounded number of
 * times, counted afresh each time a half joins a bridge (so a target that a completed transfer moves home optimises
 * then); "Local/<destination>/n" never optimises.
 *
 * A pair whose two halves are bridged to each other (a two-party bridge of ;1 and ;2) would pass every frame round
 * the loop without end; while a half's peer is its own other half, the frames and indications written to it are
 * dropped.
 *
 * The second half is announced through the context start() received, so a wrapper of the tech (Strowger.Builder's
 * localChannels(decorator), e.g. the TCK's recorder) sees it like any inbound call. While ;1's call() announces it, a
 * thread-local names ;1, and the core links the new channel to it (;1's linked id and variables, no endpoint count):
 * a wrapper that announced later, on another thread, would make ;2 a plain inbound call instead.
 */
final class LocalTech implements ChannelTech {
    static final String NAME = "Local";
    static final int MAX_ATTEMPTS = 50;
    static final long RETRY_MILLIS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(LocalTech.class);

    /** The first half whose call() is announcing its second half on this thread. */
    private static final ThreadLocal<ChannelImpl> ANNOUNCING = new ThreadLocal<>();

    private final CoreImpl core;
    private volatile TechContext context;

    LocalTech(CoreImpl core) {
        this.core = core;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(TechContext context) {
        this.context = context;
    }

    /** The first Local half of {@code reg} announcing its second half on the calling thread, or null. */
    static ChannelImpl firstHalfAnnouncing(TechRegistration reg) {
        ChannelImpl one = ANNOUNCING.get();
        return one != null && one.tech == reg ? one : null;
    }

    @Override
    public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
        String resource = setup.resource();
        boolean optimise = !resource.endsWith("/n");
        String destination = optimise ? resource : resource.substring(0, resource.length() - 2);
        Pair pair = new Pair(destination, optimise);
        pair.one = sink;
        return new Half(pair, true, sink);
    }

    /** State shared by the two halves; each field is written by one half and read by the other. */
    private static final class Pair {
        final String destination;
        final boolean optimise;
        final AtomicBoolean optimising = new AtomicBoolean();
        final java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        volatile ChannelSink one;
        volatile ChannelSink two;
        volatile BridgePeer peerOfOne;
        volatile BridgePeer peerOfTwo;

        Pair(String destination, boolean optimise) {
            this.destination = destination;
            this.optimise = optimise;
        }
    }

    private final class Half implements TechChannel {
        private final Pair pair;
        private final boolean first;
        private final ChannelSink sink;
        /** This half's two-party peer is its own other half: what crosses would come straight back, forever. */
        private boolean bridgedToOtherHalf;

        Half(Pair pair, boolean first, ChannelSink sink) {
            this.pair = pair;
            this.first = first;
            this.sink = sink;
        }

        private ChannelSink other() {
            return first ? pair.two : pair.one;
        }

        @Override
        public void call() {
            if (!first) {
                return;
            }
            ChannelImpl one = core.own(sink.channel());
            InboundCall call = new InboundCall(pair.destination, pair.destination, one.snapshot().caller(),
                    java.util.Map.of(), null);
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
            ChannelSink o = other();
            if (!first && o != null) {
                o.answered();
                // the pair may now be ready; this runs inside answer, before ;2 is UP, so look again shortly
                core.scheduler().schedule(() -> tryOptimise(pair), RETRY_MILLIS,
                        java.util.concurrent.TimeUnit.MILLISECONDS);
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

        private void pass(org.strowger.api.frame.Frame frame) {
            ChannelSink o = crossing();
            if (o != null) {
                o.receive(frame);
            }
        }

        /** Where what this half is sent crosses to: the other half, or null if there is none yet or it is the peer. */
        private ChannelSink crossing() {
            return bridgedToOtherHalf ? null : other();
        }

        @Override
        public void bridged(BridgePeer peer) {
            ChannelSink o = other();
            bridgedToOtherHalf = o != null && peer.channelId().equals(o.channel().id());
            if (first) {
                pair.peerOfOne = peer;
            } else {
                pair.peerOfTwo = peer;
            }
            pair.attempts.set(0); // a new bridge peer: a fresh budget of retries
            tryOptimise(pair);
        }

        @Override
        public void unbridged() {
            bridgedToOtherHalf = false;
            if (first) {
                pair.peerOfOne = null;
            } else {
                pair.peerOfTwo = null;
            }
        }

        @Override
        public void close() {
        }
    }

    /**
     * Swaps the party behind ;2 into ;1's bridge, then hangs both halves up. Any thread; one attempt at a time. An
     * attempt that is refused (a conflicting ownership change, ;1 not answered yet) is retried on the core's clock,
     * up to {@link #MAX_ATTEMPTS} times, after which the pair stays as it is.
     */
    private void tryOptimise(Pair pair) {
        if (!pair.optimise || pair.peerOfOne == null || pair.peerOfTwo == null || pair.one == null || pair.two == null
                || !pair.optimising.compareAndSet(false, true)) {
            return;
        }
        Channel one = pair.one.channel();
        Channel two = pair.two.channel();
        ChannelSnapshot s1 = one.snapshot();
        BridgeId outerId = s1.bridge();
        Channel far = core.channel(pair.peerOfTwo.channelId()).orElse(null);
        Bridge outer = outerId == null ? null : core.bridge(outerId).orElse(null);
        if (far == one || !s1.isLive()) { // a pair bridged to itself, or already gone: nothing to optimise
            pair.optimising.set(false);
            return;
        }
        if (s1.state() != ChannelState.UP && two.snapshot().state() != ChannelState.UP) {
            pair.optimising.set(false); // not answered yet: the answer triggers the next attempt (uncounted)
            return;
        }
        BridgeImpl inner = core.bridgeOf(core.own(two));
        if (outer == null || far == null || inner == null) {
            retryLater(pair, "not ready");
            return;
        }
        if (((BridgeImpl) outer).held() || inner.held()) { // a transfer counts on both bridges' members: wait
            retryLater(pair, "a bridge is held open by a transfer");
            return;
        }
        // far must still be ;2's peer in ;2's bridge when the swap reserves it, or the attempt is refused
        // far keeps its policy
        ((BridgeImpl) outer).swap(one, far, null, BridgeImpl.SwapKind.PLAIN, inner).whenComplete((v, t) -> {
            if (t != null) {
                retryLater(pair, t.getMessage());
                return;
            }
            one.hangup(HangupCause.NORMAL_CLEARING);
            two.hangup(HangupCause.NORMAL_CLEARING);
        });
    }

    private void retryLater(Pair pair, String why) {
        pair.optimising.set(false);
        if (pair.attempts.incrementAndGet() >= MAX_ATTEMPTS) {
            LOG.debug("Local/{}: optimisation given up after {} attempts ({})", LogText.escape(pair.destination),
                    MAX_ATTEMPTS, LogText.escape(why));
            return;
        }
        core.scheduler().schedule(() -> tryOptimise(pair), RETRY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
