package org.strowger.core.channel;

import java.util.Set;
import java.util.function.Consumer;
import org.strowger.api.HangupCause;
import org.strowger.spi.DirectMedia;
import org.strowger.api.JoinOptions;
import org.strowger.api.event.BridgeLeft;
import org.strowger.core.exec.CommandFuture;

/*
 * The membership protocol: the messages by which a channel changes hands between owners, each a task on the
 * receiver's executor (MemberSide.post to the channel, BridgeSide.post to the bridge). No step waits, and every
 * failure leaves both sides valid. The channel side is ChannelOwnership; the bridge side is the bridge's Membership
 * table. A join, a move, the incoming side of a swap and each member of a merge are the same four steps:
 *
 *   Reserve   -> channel  it may change owner: not hung up, no other change in progress, where the operation expects
 *                         it (Expect), its application lets go; it records a Reservation with a fresh token
 *   Admit     -> bridge   the bridge can take it: alive, not merging away, not a member or pending yet, the member to
 *                         replace still there, no hold in the way; it records the channel as pending. Else:
 *   Cancel    -> channel  the reservation is dropped; the stage fails with the bridge's reason
 *   Commit    -> channel  the bridge becomes the owner: the application is detached, or the previous bridge is left
 *                         quietly (Gone to it). A channel that hung up meanwhile answers:
 *   Abandon   -> bridge   the pending entry is dropped
 *   Activate  -> bridge   the pending entry becomes a member; a swap removes the member it replaces in the same task
 *                         (Left to it), so the bridge holds one of the two at every instant; the stage completes
 *
 * The outgoing member of a swap is locked first (LockForSwap; Unlock if the swap fails), so nothing else can claim it
 * meanwhile. A channel that leaves by itself (hangs up, moves away, is redirected) tells its bridge, and its pending
 * bridge, with Gone; a bridge that lets a member go (leave, kick, destroy, dissolve, swap, an aborted join) tells it
 * with Left, and the channel then follows its after-bridge policy, unless it is on its way into another bridge (a
 * reservation to leave this one was taken before it let go): that move goes on, and the policy applies only if the
 * move fails. While it is a member the bridge tells it where its media goes (Topology) and which DTMF sequences are
 * feature codes (Hooks), and hears from it when one was keyed (Keyed).
 */
public final class Membership {
    private Membership() {
    }

    /** Where a {@link Reserve} expects the channel to be. */
    public enum Expect {
        /** In no bridge (a join). */
        IN_NO_BRIDGE,
        /** A member of {@link Reserve#from()} (a move, a merge; a swap-in that takes it from there). */
        MEMBER_OF_FROM,
        /** In some bridge, which it will leave (a transfer's first step: the transferer). */
        IN_A_BRIDGE,
        /** In any bridge or none (a swap-in). */
        ANYWHERE
    }

    /** Why a bridge let a member go; decides what the channel does next. */
    public enum Leave {
        /** {@code Bridge.leave}: the after-bridge policy. */
        LEAVE,
        /** {@code Bridge.kick}: hung up with the kick's cause. */
        KICK,
        /** The bridge was destroyed or dissolved: the after-bridge policy. */
        DESTROYED,
        /** Replaced by a swap: the after-bridge policy. */
        SWAPPED_OUT,
        /** Its join could not complete (the bridge went first): back to where it was, no policy. */
        ABORTED
    }

    /** What the channel's executor receives. */
    public sealed interface ToChannel {
    }

    /** What the bridge's executor receives. */
    public sealed interface ToBridge {
    }

    /**
     * Step 1: reserve the channel for {@code target}.
     *
     * @param from the bridge it must be in ({@link Expect#MEMBER_OF_FROM}), or null
     * @param replaces the member of {@code target} it is to replace (a swap), or null
     * @param options its options in {@code target}, or null to keep those it has (HANG_UP_AFTER if it has none)
     * @param onReserved runs on the channel's executor once the reservation is taken, with the bridge it will leave
     *     (null if none), before the bridge hears of it; or null
     * @param operation what asks, for error messages (e.g. "move", "attended transfer")
     */
    public record Reserve(BridgeSide target, Expect expect, BridgeSide from, MemberSide replaces, JoinOptions options,
            Consumer<BridgeSide> onReserved, String operation, CommandFuture<Void> done) implements ToChannel {
    }

    /**
     * Locks a member so nothing else claims it while a swap brings another channel in to replace it; then runs
     * {@code locked} on its executor with the bridge it is a member of.
     *
     * @param bridge the bridge it must be a member of, or null for whichever it is in
     * @param mustRing a pickup: it must still be an outbound call that rings
     * @param notBridged runs instead (on its executor, with its application or null) if it is in no bridge and
     *     {@code bridge} is null; null to fail with WRONG_STATE
     * @param operation what asks, for error messages (e.g. "swap", "blind transfer")
     */
    public record LockForSwap(BridgeSide bridge, boolean mustRing, Consumer<BridgeSide> locked,
            Consumer<org.strowger.api.Application> notBridged, String operation, CommandFuture<Void> done)
            implements ToChannel {
    }

    /** The swap failed before the locked member was replaced. */
    public record Unlock(BridgeSide bridge) implements ToChannel {
    }

    /** Step 2 (to the bridge). {@code from} is the bridge the channel will leave, or null. */
    public record Admit(MemberSide channel, long token, JoinOptions options, BridgeSide from, MemberSide replaces,
            CommandFuture<Void> done) implements ToBridge {
    }

    /** The bridge refused: drop the reservation. */
    public record Cancel(BridgeSide target, long token) implements ToChannel {
    }

    /** Step 3 (to the channel). */
    public record Commit(BridgeSide target, long token, BridgeSide from, JoinOptions options, CommandFuture<Void> done)
            implements ToChannel {
    }

    /** The channel could not commit: it hung up first. */
    public record Abandon(MemberSide channel, long token) implements ToBridge {
    }

    /** Step 4 (to the bridge). */
    public record Activate(MemberSide channel, long token) implements ToBridge {
    }

    /** The channel left the bridge on its own (or, pending, will never arrive). */
    public record Gone(MemberSide channel, BridgeLeft.Reason why) implements ToBridge {
    }

    /** The bridge let the channel go; {@code done} (may be null) completes once it has acted on it. */
    public record Left(BridgeSide from, Leave why, HangupCause kickCause, CommandFuture<Void> done)
            implements ToChannel {
    }

    /** Where the member's media goes now. */
    public record Topology(BridgeSide from, MediaRoute route) implements ToChannel {
    }

    /**
     * A member's offer for direct media ({@code TechChannel.directMedia()}, null for none) to its same-tech two-party
     * peer, sent by each member of such a pair when the bridge makes them peers. It goes by the bridge, which passes
     * it on (PeerMedia) only while the two are still its two members, so an offer never outlives the pairing.
     */
    public record OfferMedia(MemberSide from, MemberSide to, DirectMedia offer) implements ToBridge {
    }

    /** The peer's offer, passed on by the bridge; the member tells its tech {@code bridged} once it has come. */
    public record PeerMedia(MemberSide from, DirectMedia offer) implements ToChannel {
    }

    /** The bridge's DTMF feature codes, for the member to match its digits against. */
    public record Hooks(BridgeSide from, Set<String> sequences) implements ToChannel {
        public Hooks {
            sequences = Set.copyOf(sequences);
        }
    }

    /** A member keyed a feature code. */
    public record Keyed(MemberSide member, String sequence) implements ToBridge {
    }
}
