package org.strowger.core.channel;

import java.util.Set;
import org.strowger.api.AfterBridge;
import org.strowger.api.Application;
import org.strowger.api.ChannelEvent;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.StrowgerException;
import org.strowger.api.event.BridgeLeft;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.Frame;
import org.strowger.core.exec.Contained;
import org.strowger.core.log.LogText;
import org.strowger.spi.BridgePeer;
import org.strowger.spi.DirectMedia;

/*
 * The channel's side of ownership, on its executor: who owns the channel (Ownership), the change in progress
 * (OwnershipChange), where its media goes (MediaRoute), and its bridge's feature codes. Every hand-over runs here:
 * attach and detach, and the channel's steps of the membership protocol (Membership): Reserve, LockForSwap, Commit,
 * Cancel, Unlock, Left, Topology, Hooks. Nothing else writes these fields, so the owner the snapshot shows is always
 * the one the channel acts on.
 *
 * One change at a time: while a reservation or a swap lock is held, every other ownership change of the channel
 * (attach, detach, a join, move or swap of it) is refused with WRONG_STATE naming the one in progress; a hang-up ends
 * either. A bridge that lets the channel go while it is reserved to leave that bridge (a move racing a dissolve) does
 * not get it back: the move goes on, the channel is parked meanwhile, and its after-bridge policy applies only if the
 * move fails (Released).
 */
final class ChannelOwnership {
    private final ChannelImpl c;
    private Ownership owner = Ownership.UNOWNED;
    private OwnershipChange change = OwnershipChange.NONE;
    private MediaRoute route = MediaRoute.DROP;
    private Bridged told = Bridged.NO; // what this channel's tech has been told of its two-party peer
    private FeatureCodes features; // while the bridge has feature codes
    private long tokens;

    ChannelOwnership(ChannelImpl channel) {
        this.c = channel;
    }

    // ---- reading (executor) ----

    Ownership owner() {
        return owner;
    }

    MediaRoute route() {
        return route;
    }

    /** The owning application, or null. */
    Application application() {
        return owner instanceof Ownership.ByApplication a ? a.application() : null;
    }

    /** The owning bridge, or null. */
    BridgeSide bridge() {
        return owner instanceof Ownership.ByBridge b ? b.bridge() : null;
    }

    /** What the last OwnerChanged should name: the bridge, the application, or null. */
    private Object ownerIdentity() {
        return switch (owner) {
            case Ownership.ByBridge b -> b.bridge();
            case Ownership.ByApplication a -> a.application();
            case Ownership.Unowned u -> null;
        };
    }

    // ---- the membership protocol (executor) ----

    /** Step 1. Throws with the reason (the command fails) if the channel may not change owner now. */
    void reserve(Membership.Reserve r) {
        assert c.executor.inExecutor();
        checkNoChange(r.operation());
        BridgeSide current = bridge();
        BridgeSide leaving = switch (r.expect()) {
            case IN_NO_BRIDGE -> {
                if (current != null) {
                    throw rejected("channel " + c.id() + " is already in bridge " + current.id() + "; use move");
                }
                yield null;
            }
            case MEMBER_OF_FROM -> {
                if (current != r.from()) {
                    throw c.wrongState(r.operation(), "a member of bridge " + r.from().id());
                }
                yield current;
            }
            case IN_A_BRIDGE -> {
                if (current == null) {
                    throw notInBridge(r.operation());
                }
                yield current;
            }
            case ANYWHERE -> current;
        };
        if (leaving == r.target()) {
            throw rejected("channel " + c.id() + " is already in bridge " + r.target().id());
        }
        if (leaving == null && application() != null) {
            askRelease("bridge " + r.target().id());
        }
        JoinOptions options = r.options() != null ? r.options()
                : owner instanceof Ownership.ByBridge b ? b.options() : JoinOptions.HANG_UP_AFTER;
        long token = ++tokens;
        change = new OwnershipChange.Reserved(r.target(), token, leaving, null);
        if (r.onReserved() != null) {
            Throwable t = Contained.run(() -> r.onReserved().accept(leaving));
            if (t != null) {
                change = OwnershipChange.NONE;
                throw t instanceof RuntimeException e ? e : new StrowgerException("a reservation step threw", t);
            }
        }
        r.target().post(new Membership.Admit(c, token, options, leaving, r.replaces(), r.done()));
    }

    /** Locks this member for a swap, then runs the swap's next step. Throws with the reason if it cannot. */
    void lockForSwap(Membership.LockForSwap l) {
        assert c.executor.inExecutor();
        BridgeSide b = bridge();
        if (b == null && l.bridge() == null && l.notBridged() != null) {
            l.notBridged().accept(application());
            return;
        }
        String what = l.operation();
        checkNoChange(what);
        if (b == null || (l.bridge() != null && b != l.bridge())) {
            throw l.bridge() == null ? notInBridge(what) : c.wrongState(what, "a member of bridge " + l.bridge().id());
        }
        if (l.mustRing() && !(c.direction() == Direction.OUTBOUND
                && (c.state == ChannelState.DIALING || c.state == ChannelState.RINGING))) {
            throw c.wrongState("pickup", "an outbound channel that is still ringing");
        }
        change = new OwnershipChange.SwapLocked(b);
        Throwable t = Contained.run(() -> l.locked().accept(b));
        if (t != null) {
            change = OwnershipChange.NONE;
            throw t instanceof RuntimeException e ? e : new StrowgerException("a swap step threw", t);
        }
    }

    void unlock(Membership.Unlock u) {
        assert c.executor.inExecutor();
        if (change instanceof OwnershipChange.SwapLocked s && s.bridge() == u.bridge()) {
            change = OwnershipChange.NONE;
        }
    }

    /** The bridge refused: drop the reservation; a policy held back for it applies now. */
    void cancel(Membership.Cancel m) {
        assert c.executor.inExecutor();
        if (change instanceof OwnershipChange.Reserved r && r.target() == m.target() && r.token() == m.token()) {
            change = OwnershipChange.NONE;
            if (r.released() != null && !c.isEnded()) {
                release(r.released());
            }
        }
    }

    /**
     * Step 3: the bridge becomes the owner. Returns false if the reservation is stale or the channel has ended: the
     * caller then abandons the pending entry.
     */
    boolean commit(Membership.Commit m) {
        assert c.executor.inExecutor();
        if (!(change instanceof OwnershipChange.Reserved r) || r.target() != m.target() || r.token() != m.token()
                || c.isEnded()) {
            return false;
        }
        change = OwnershipChange.NONE;
        Application returnTo;
        if (r.released() != null) { // the bridge it was leaving let it go first: it is parked, and moves on from there
            returnTo = r.released().returnTo();
        } else if (m.from() != null) {
            assert bridge() == m.from() : "a reservation to leave " + m.from().id() + " outlived its membership";
            returnTo = ((Ownership.ByBridge) owner).returnTo();
            leaveQuietly(BridgeLeft.Reason.MOVED);
        } else {
            Application app = application();
            returnTo = app instanceof TransientOwner ? null : app; // a dial's winner: its leg application is done
            if (app != null) {
                detachApplication(org.strowger.api.Application.DetachReason.HANDED_OVER);
            }
        }
        if (c.isEnded()) { // unbridged() or onDetach threw: the channel hung up before it joined
            return false;
        }
        owner = new Ownership.ByBridge(m.target(), m.options(), returnTo);
        route = MediaRoute.DROP;
        c.publish();
        c.events.owner(m.target());
        return true;
    }

    /** The bridge let this channel go: its after-bridge policy, unless a move out of that bridge is under way. */
    void left(Membership.Left m) {
        assert c.executor.inExecutor();
        if (!(owner instanceof Ownership.ByBridge b) || b.bridge() != m.from() || c.isEnded()) {
            return;
        }
        clearBridge();
        if (c.isEnded()) { // unbridged threw: the channel has hung up instead of following its policy
            return;
        }
        if (change instanceof OwnershipChange.SwapLocked s && s.bridge() == m.from()) {
            change = OwnershipChange.NONE;
        }
        owner = Ownership.UNOWNED;
        c.publish();
        OwnershipChange.Released released = new OwnershipChange.Released(m.why(), b.options(), b.returnTo());
        if (m.why() == Membership.Leave.KICK) {
            c.hangupNow(m.kickCause());
        } else if (change instanceof OwnershipChange.Reserved r && r.leaving() == m.from()) {
            change = r.released(released);
            c.events.owner(null); // parked until the move it is making ends
        } else {
            release(released);
        }
    }

    /** Applies what the bridge said when it let the channel go. */
    private void release(OwnershipChange.Released r) {
        if (r.why() == Membership.Leave.ABORTED) {
            if (r.returnTo() != null) { // the join failed: back to where it was, no policy
                attachNow(r.returnTo());
            }
        } else {
            AfterBridge policy = r.options() == null ? AfterBridge.HANG_UP : r.options().afterBridge();
            switch (policy) {
                case HANG_UP -> c.hangupNow(HangupCause.NORMAL_CLEARING);
                case RETURN_TO_APPLICATION -> {
                    if (r.returnTo() != null) {
                        attachNow(r.returnTo());
                    }
                }
                case PARK -> {
                }
            }
        }
        c.events.owner(ownerIdentity()); // parked, or left without an application to return to
    }

    /** Where this member's media goes now. */
    void topology(Membership.Topology m) {
        assert c.executor.inExecutor();
        if (bridge() != m.from() || c.isEnded()) {
            return;
        }
        if (m.route() instanceof MediaRoute.ToPeer && !m.from().lists(c)) {
            return; // the bridge has moved on since (this channel's Left is on its way): never tell a tech
        }
        setRoute(m.route());
    }

    void hooks(Membership.Hooks m) {
        assert c.executor.inExecutor();
        if (bridge() != m.from() || c.isEnded()) {
            return;
        }
        setFeatureCodes(m.sequences());
    }

    private void setFeatureCodes(Set<String> sequences) {
        if (sequences.isEmpty()) {
            if (features != null) {
                features.clear();
                features = null;
            }
        } else if (features == null) {
            features = new FeatureCodes(c, sequences);
        } else {
            features.setSequences(sequences);
        }
    }

    boolean hasFeatureCodes() {
        return features != null;
    }

    /** Matches a digit against the bridge's feature codes; false if there are none (pass it on). */
    boolean matchFeatureCode(DtmfEnd e) {
        BridgeSide b = bridge();
        if (features == null || b == null) {
            return false;
        }
        features.keyed(e, b);
        return true;
    }

    /** In a two-party bridge (also while it plays), passes a non-media frame from the far end to the peer's tech. */
    void toPeer(Frame frame) {
        if (route instanceof MediaRoute.ToPeer p) {
            p.peer().postFrame(frame);
        } else if (route instanceof MediaRoute.ToMixer x && x.peer() != null) {
            x.peer().postFrame(frame);
        }
    }

    /** Whether the tech has heard {@code bridged}, or will once its same-tech peer's direct-media offer comes. */
    private enum Bridged { NO, AWAITING_OFFER, YES }

    /**
     * The route changes: the tech hears unbridged() if it had heard bridged(); a new source of what it is sent (a
     * peer, the mix) is announced with SRC_UPDATE; a new two-party peer is announced with bridged(), at once for a
     * peer of another tech, after the exchange of direct-media offers (PeerMedia) for one of the same tech.
     */
    private void setRoute(MediaRoute next) {
        MediaRoute before = route;
        if (before.equals(next)) {
            return;
        }
        route = next;
        if (told == Bridged.YES) {
            FaultGuard.tech(c, "unbridged", () -> c.techChannel.unbridged());
        }
        told = Bridged.NO;
        if (c.isEnded()) {
            return;
        }
        boolean sameMix = before instanceof MediaRoute.ToMixer x && next instanceof MediaRoute.ToMixer y
                && x.bridge() == y.bridge(); // a playing pair gained a third member: the same mix goes on
        if ((next instanceof MediaRoute.ToPeer || next instanceof MediaRoute.ToMixer) && !sameMix) {
            MediaServices s = c.services;
            if (s != null) {
                s.sourceChanged(); // a new stream: the write translation starts afresh too
            } else {
                FaultGuard.tech(c, "indicate", () -> c.techChannel.indicate(MediaServices.SRC_UPDATE));
            }
        }
        if (next instanceof MediaRoute.ToPeer p && !c.isEnded()) {
            MemberSide peer = p.peer();
            if (!peer.techName().equals(c.techName())) {
                tellBridged(peer, null);
                return;
            }
            BridgeSide b = bridge();
            DirectMedia[] offer = new DirectMedia[1];
            if (b != null && FaultGuard.tech(c, "directMedia", () -> offer[0] = c.techChannel.directMedia()) == null) {
                told = Bridged.AWAITING_OFFER;
                b.post(new Membership.OfferMedia(c, peer, offer[0]));
            }
        }
    }

    /**
     * The same-tech peer's direct-media offer: the tech now hears bridged(), unless the peer has changed since or
     * the bridge has moved on (as for a Topology).
     */
    void peerMedia(Membership.PeerMedia m) {
        assert c.executor.inExecutor();
        BridgeSide b = bridge();
        if (told == Bridged.AWAITING_OFFER && route instanceof MediaRoute.ToPeer p && p.peer() == m.from()
                && !c.isEnded() && b != null && b.lists(c)) {
            tellBridged(m.from(), m.offer());
        }
    }

    private void tellBridged(MemberSide peer, DirectMedia offer) {
        told = Bridged.YES;
        BridgePeer info = new BridgePeer(peer.id(), peer.techName(), offer);
        FaultGuard.tech(c, "bridged", () -> c.techChannel.bridged(info));
    }

    /** Leaves the bridge with no after-bridge policy (a move, a redirect). */
    private void leaveQuietly(BridgeLeft.Reason why) {
        BridgeSide b = bridge();
        clearBridge();
        b.post(new Membership.Gone(c, why));
    }

    private void clearBridge() {
        setRoute(MediaRoute.DROP);
        setFeatureCodes(Set.of());
    }

    // ---- applications (executor) ----

    /** Makes {@code app} the owner: a redirect out of a bridge, or a hand-over from another application. */
    void attach(Application app) {
        assert c.executor.inExecutor();
        checkNoChange("attach");
        if (application() == app) {
            return;
        }
        if (bridge() != null) { // a redirect: leave the bridge without its after-bridge policy
            leaveQuietly(BridgeLeft.Reason.REDIRECTED);
            owner = Ownership.UNOWNED;
        } else if (application() != null) {
            askRelease(app.name());
            detachApplication(Application.DetachReason.HANDED_OVER);
        }
        if (!c.isEnded()) { // unbridged() or onDetach threw: the channel has hung up
            attachNow(app);
        }
    }

    void detach() {
        assert c.executor.inExecutor();
        checkNoChange("detach");
        if (application() == null) {
            throw c.wrongState("detach", "a channel owned by an application");
        }
        detachApplication(Application.DetachReason.DETACHED);
        c.events.owner(null);
    }

    /** The inbound-call handler's choice, or a return to an application. */
    void attachNow(Application app) {
        assert c.executor.inExecutor();
        owner = new Ownership.ByApplication(app);
        route = new MediaRoute.ToApplication(app);
        c.publish();
        c.events.owner(app);
        FaultGuard.application(c, app, "onAttach", () -> app.onAttach(c));
    }

    private void detachApplication(Application.DetachReason reason) {
        Application a = application();
        owner = Ownership.UNOWNED;
        route = MediaRoute.DROP;
        if (!c.isEnded()) {
            c.publish();
        }
        Throwable t = Contained.run(() -> a.onDetach(c, reason));
        if (t != null) {
            if (reason == Application.DetachReason.HANGUP) {
                FaultGuard.duringHangup(c, "onDetach", t);
            } else {
                FaultGuard.fault(c, "application " + LogText.escape(a.name()), "onDetach", t,
                        HangupCause.APPLICATION_FAULT);
            }
        }
    }

    /**
     * Asks the owning application to let go for {@code requester}. Throws OWNER_REFUSED if it refuses; if it throws,
     * the channel is hung up (APPLICATION_FAULT) and the failure is thrown on.
     */
    private void askRelease(String requester) {
        Application current = application();
        boolean[] release = new boolean[1];
        Throwable t = FaultGuard.application(c, current, "onReleaseRequest",
                () -> release[0] = current.onReleaseRequest(c, requester));
        if (t != null) {
            throw new StrowgerException("application callback onReleaseRequest of channel " + c.id()
                    + " threw; the channel was hung up with " + c.snapshot().hangupCause(), t);
        }
        if (!release[0]) {
            throw new CommandRejectedException(CommandRejectedException.Reason.OWNER_REFUSED,
                    "application " + LogText.escape(current.name()) + " refused to release " + c.id());
        }
    }

    /** Something happened on the channel: tells its application, if it has one. */
    void emit(ChannelEvent event) {
        Application a = application();
        if (a != null) {
            FaultGuard.application(c, a, "onEvent", () -> a.onEvent(c, event));
        }
    }

    private void checkNoChange(String what) {
        switch (change) {
            case OwnershipChange.SwapLocked s -> throw rejected(what + " of channel " + c.id()
                    + " conflicts with its replacement in bridge " + s.bridge().id() + ", which is in progress");
            case OwnershipChange.Reserved r -> throw rejected(what + " of channel " + c.id()
                    + " conflicts with its move into bridge " + r.target().id() + ", which is in progress");
            case OwnershipChange.None n -> {
            }
        }
    }

    private CommandRejectedException notInBridge(String what) {
        return rejected(what + " needs channel " + c.id() + " in a bridge; it is owned by "
                + c.snapshot().ownerKind());
    }

    private static CommandRejectedException rejected(String why) {
        return new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE, why);
    }

    // ---- the end (executor) ----

    /** The channel hangs up: its owner is told, and so is a bridge it was on its way into. */
    void hungUp(HangupCause cause) {
        assert c.executor.inExecutor();
        Application a = application();
        if (a != null) {
            FaultGuard.duringHangup(c, "onEvent",
                    Contained.run(() -> a.onEvent(c, new ChannelEvent.HungUp(cause))));
            detachApplication(Application.DetachReason.HANGUP);
        }
        BridgeSide b = bridge();
        if (b != null) {
            b.post(new Membership.Gone(c, BridgeLeft.Reason.HUNG_UP));
        }
        if (change instanceof OwnershipChange.Reserved r) {
            r.target().post(new Membership.Gone(c, BridgeLeft.Reason.HUNG_UP));
        }
    }

    /** Drops every reference, so a handle kept forever holds nothing but the final snapshot. */
    void destroyed() {
        owner = Ownership.UNOWNED;
        change = OwnershipChange.NONE;
        route = MediaRoute.DROP;
        if (features != null) {
            features.clear();
            features = null;
        }
    }
}
