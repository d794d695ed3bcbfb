package org.strowger.demo;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.strowger.api.Application;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.FrameTap;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.DtmfBegin;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.Frame;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;

/**
 * Code shown in docs/bridging-and-transfers.md. Every java block in that document is an excerpt of a file in this
 * package (DocSnippetsTest in src-test-fixtures checks it), so the snippets always compile against the real API. The
 * demo does not run them.
 */
public final class BridgingSnippets {
    private BridgingSnippets() {
    }

    /** A voicemail recorder that keeps its caller while a message is being recorded. One instance per call. */
    static final class Voicemail implements Application {
        private boolean recording; // touched only on the channel's executor

        @Override
        public void onAttach(Channel ch) {
            recording = true;                          // a real one would play a prompt first
        }

        @Override
        public void onEvent(Channel ch, ChannelEvent event) {
            if (event instanceof ChannelEvent.DtmfEnded dtmf && dtmf.digit() == '#') {
                recording = false;                     // message saved: the caller may be taken away now
            }
        }

        @Override
        public boolean onReleaseRequest(Channel ch, String requester) {
            return !recording;                         // false: that join or attach fails with OWNER_REFUSED
        }

        @Override
        public void onDetach(Channel ch, DetachReason reason) {
            recording = false;                         // HANGUP, HANDED_OVER or DETACHED: the last callback
        }
    }

    /** Connects two channels in a call bridge. The caller goes back to its application when the call ends. */
    static CompletionStage<Bridge> connect(ChannelCore core, Channel caller, Channel callee) {
        Bridge bridge = core.createBridge(BridgeOptions.call());
        CompletionStage<Void> joined = bridge.join(caller, JoinOptions.RETURN_AFTER)
                .thenCompose(v -> bridge.join(callee, JoinOptions.HANG_UP_AFTER));
        joined.whenComplete((v, error) -> {
            if (error != null) {                       // e.g. the caller hung up first: the bridge dissolved
                bridge.destroy();                      // whoever got in follows its after-bridge policy
                callee.hangup(HangupCause.NORMAL_CLEARING); // and a callee that never got in is not left up
            }
        });
        return joined.thenApply(v -> bridge);
    }

    /** What a failed bridge operation means. Whatever it was, every channel and bridge involved is still valid. */
    static String explain(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return switch (cause) {
            case CommandRejectedException r when r.reason() == CommandRejectedException.Reason.OWNER_REFUSED ->
                    "its application keeps it: " + r.getMessage();
            case CommandRejectedException r -> "conflicts with another change (" + r.reason() + "): " + r.getMessage();
            case NoSuchChannelException gone -> "the channel hung up meanwhile: " + gone.getMessage();
            case NoSuchBridgeException gone -> "the bridge was destroyed meanwhile: " + gone.getMessage();
            default -> "unexpected: " + cause;
        };
    }

    /** A parking lot: a holding bridge (members hear nothing) that lives until it is destroyed. */
    static Bridge parkingLot(ChannelCore core, String lot) {
        return core.createBridge(BridgeOptions.holding().withId(BridgeId.of("park-" + lot)));
    }

    /** Parks a member of a call: it moves into the lot in one step and keeps its after-bridge policy. */
    static CompletionStage<Void> park(Bridge call, Channel member, Bridge lot) {
        return call.move(member, lot, null);
    }

    /** Connects a parked channel with whoever retrieves it; the parked channel moves out of the lot. */
    static CompletionStage<Void> retrieve(ChannelCore core, Bridge lot, Channel parked, Channel retriever) {
        Bridge call = core.createBridge(BridgeOptions.call());
        return call.join(retriever, JoinOptions.HANG_UP_AFTER)
                .thenCompose(v -> lot.move(parked, call, JoinOptions.HANG_UP_AFTER));
    }

    /** Puts {@code in} into {@code bridge} in place of {@code out}: the bridge holds one of them at every instant. */
    static CompletionStage<Void> replace(Bridge bridge, Channel out, Channel in) {
        return bridge.swap(out, in, JoinOptions.HANG_UP_AFTER); // out then follows its own after-bridge policy
    }

    /** Makes one conference of two calls: the members of {@code other} move into {@code call}. */
    static CompletionStage<Void> conference(Bridge call, Bridge other) {
        return call.merge(other);                      // other is destroyed once it is empty
    }

    /** The ways out of a bridge. */
    static void endings(Bridge conference, Channel quiet, Channel noisy) {
        conference.leave(quiet);                       // quiet follows its after-bridge policy
        conference.kick(noisy, HangupCause.CALL_REJECTED); // noisy is hung up with this cause
        conference.destroy();                          // everyone else leaves by their policies; idempotent
    }

    /** Takes a bridged channel straight to an application (a redirect): no after-bridge policy runs. */
    static CompletionStage<Void> redirect(Channel bridged, Application voicemail) {
        return bridged.attach(voicemail);
    }

    /** Dials a Local channel on behalf of {@code requester}; its second half is routed as an inbound call. */
    static Channel dialLocal(ChannelCore core, Channel requester, String destination, boolean optimise) {
        String resource = optimise ? destination : destination + "/n"; // "/n": never optimised away
        Channel first = core.request(OutboundRequest.of("Local", resource).withRequester(requester));
        first.call();                                  // announces the second half to the inbound-call handler
        return first;
    }

    /** Counts voice frames each way. One instance per channel: its methods run on that channel's executor. */
    static final class FrameCounter implements FrameTap {
        private long heard;                            // from the far end (READ)
        private long sent;                             // toward the far end (WRITE)

        @Override
        public Frame onFrame(Channel ch, Direction direction, Frame frame) {
            if (frame instanceof VoiceFrame) {
                if (direction == Direction.READ) {
                    heard++;
                } else {
                    sent++;
                }
            }
            return frame;                              // pass it on unchanged
        }

        @Override
        public void onClose(Channel ch, CloseReason reason) { // exactly once: REMOVED, HANGUP or FAULT
            System.out.println(ch.name() + ": heard " + heard + ", sent " + sent + " (" + reason + ")");
        }
    }

    /** Counts a channel's frames for a while, wherever the channel goes meanwhile. */
    static void countFor(Channel ch, Duration period) {
        ch.addTap(new FrameCounter())                  // fails if ch hangs up first; the tap is never called then
                .thenAccept(handle -> ch.schedule(period, handle::cancel)); // onClose(REMOVED) unless HANGUP came first
    }

    /** Keeps the digits a member types from reaching the rest of the call. */
    static FrameTap hideDigits() {
        return (ch, direction, frame) -> direction == FrameTap.Direction.READ
                && (frame instanceof DtmfBegin || frame instanceof DtmfEnd) ? null : frame; // null drops the frame
    }

    /** Replaces the far end's mu-law voice by silence: a mute the rest of the call cannot tell from a quiet line. */
    static FrameTap mute() {
        return (ch, direction, frame) -> {
            if (direction == FrameTap.Direction.READ && frame instanceof VoiceFrame v
                    && v.format().equals(MediaFormat.ULAW)) {
                byte[] silence = new byte[v.payloadLength()];
                Arrays.fill(silence, (byte) 0xFF);     // mu-law zero
                return new VoiceFrame(v.format(), silence, v.samples(), v.timestamp());
            }
            return frame;
        };
    }
}
