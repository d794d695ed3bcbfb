package org.strowger.core.transfer;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.core.bridge.BridgeImpl;
import org.strowger.core.bridge.Swap;
import org.strowger.core.bridge.SwapKind;
import org.strowger.core.channel.ChannelImpl;
import org.strowger.core.channel.Membership;
import org.strowger.core.dial.DialLegApp;
import org.strowger.core.exec.CommandFuture;
import org.strowger.core.switchboard.Switchboard;

/*
 * The core's transfers, each a composition of bridge operations (no channel state of its own, no masquerade):
 *
 *   blind      one swap in the transferer's bridge: a new channel to the target replaces the transferer
 *   attended   a coordinator of moves between the home bridge and a consultation bridge (AttendedTransferImpl)
 *   pickup     one swap in the ringing leg's bridge: the picker replaces the leg, which is hung up; a leg that a dial
 *              is ringing is decided by the dial's coordinator instead (DialLegApp)
 *   sendTo     the party moves into a new call bridge with a new channel to the target
 *
 * Every one starts with a command on the executor of the channel it acts on (the swap's lock, or the move's
 * reservation), so it runs in call order with the other commands the same thread issued to that channel: a second
 * transfer right behind a first finds the first in progress and fails with WRONG_STATE. The target channel is created
 * on the calling thread (its admission refusal is thrown at once) and is called only once it is in its bridge, so the
 * other party hears it ring from the start; a target of a transfer that fails is hung up, never called.
 */
public final class Transfers {
    private final Switchboard sb;

    public Transfers(Switchboard switchboard) {
        this.sb = switchboard;
    }

    public CompletionStage<Channel> blind(Channel transferer, OutboundRequest target) {
        ChannelImpl t = sb.channel(transferer);
        nonNull(target);
        ChannelImpl x = sb.request(target.withRequester(t));
        CommandFuture<Channel> f = CommandFuture.forCaller(sb.runtime().pool());
        Swap.start(t, x, null, JoinOptions.HANG_UP_AFTER, SwapKind.BLIND_TRANSFER, null, null, "blind transfer",
                sb.runtime().pool()).whenComplete((v, e) -> {
                    if (e != null) {
                        x.hangup(HangupCause.NORMAL_CLEARING); // never called: nothing rang
                        f.fail(unwrap(e));
                    } else {
                        x.call(); // only now, so the transferee hears the very first ringing
                        f.succeed(x);
                    }
                });
        return f;
    }

    public CompletionStage<AttendedTransfer> attended(Channel transferer, OutboundRequest target) {
        ChannelImpl t = sb.channel(transferer);
        nonNull(target);
        ChannelImpl x = sb.request(target.withRequester(t));
        return AttendedTransferImpl.start(sb, t, x);
    }

    public CompletionStage<Void> pickup(Channel picker, Channel ringing) {
        ChannelImpl p = sb.channel(picker);
        ChannelImpl r = sb.channel(ringing);
        if (p == r) {
            throw new InvalidArgumentException("a channel cannot pick itself up");
        }
        CommandFuture<Void> f = CommandFuture.forCaller(sb.runtime().pool());
        AtomicBoolean byDial = new AtomicBoolean();
        Swap.start(r, p, null, JoinOptions.HANG_UP_AFTER, SwapKind.PICKUP, null, (owner, swapped) -> {
            if (owner instanceof DialLegApp leg) { // a leg a dial is ringing: its coordinator decides
                byDial.set(true);
                leg.pickup(p, swapped);
            } else {
                swapped.completeExceptionally(new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE,
                        "pickup needs channel " + r.id() + " ringing for a dial or bridged with its caller; it is owned"
                        + " by " + r.snapshot().ownerKind()));
            }
        }, "pickup", sb.runtime().pool()).whenComplete((v, e) -> {
            if (e != null) {
                f.fail(unwrap(e));
                return;
            }
            if (!byDial.get() && p.direction() == Direction.INBOUND && p.state() == ChannelState.RING) {
                p.answer(); // queued before the stage completes (a dial answers its picker itself)
            }
            f.succeed(null);
        });
        return f;
    }

    /**
     * Connects {@code party} with a new channel to {@code target} in a new call bridge: an application that owns it is
     * asked to let go, or it leaves its bridge as in a move (whoever it was with follows the usual rules). It keeps
     * its after-bridge policy if it had one, else hangs up after the call; the target hangs up after it.
     */
    public CompletionStage<Channel> sendTo(Channel party, OutboundRequest target) {
        ChannelImpl c = sb.channel(party);
        nonNull(target);
        ChannelImpl x = sb.request(target.withRequester(c));
        CommandFuture<Channel> f = CommandFuture.forCaller(sb.runtime().pool());
        BridgeImpl call;
        try {
            call = sb.createBridge(BridgeOptions.call());
        } catch (RuntimeException shuttingDown) {
            x.hangup(HangupCause.NORMAL_CLEARING);
            throw shuttingDown;
        }
        call.postHoldOpen(); // until both are in: the party alone in it must not dissolve it
        CommandFuture<Void> moved = new CommandFuture<>();
        c.post(new Membership.Reserve(call, Membership.Expect.ANYWHERE, null, null, null, null, "send", moved));
        moved.thenCompose(v -> call.join(x, JoinOptions.HANG_UP_AFTER)).whenComplete((v, e) -> {
            call.postReleaseHold(); // with a party alone in it (or none), the bridge dissolves by its rules
            if (e != null) {
                x.hangup(HangupCause.NORMAL_CLEARING);
                f.fail(unwrap(e));
            } else {
                x.call();
                f.succeed(x);
            }
        });
        return f;
    }

    private static void nonNull(OutboundRequest target) {
        if (target == null) {
            throw new InvalidArgumentException("target must not be null");
        }
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
