package org.strowger.core;

import java.util.concurrent.CompletionStage;
import org.strowger.api.Channel;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;

/*
 * Blind transfer and pickup, both one Bridge swap (a pickup of a leg that a dial is ringing is decided by the dial's
 * coordinator instead, see DialCoordinator): the member being replaced is locked first (so a second transfer
 * or pickup of it fails with a reason instead of racing), the incoming channel is reserved, and the bridge swaps them
 * in one task. Nothing waits; a failed step hangs up only what this operation created.
 */
final class Transfers {
    private final CoreImpl core;

    Transfers(CoreImpl core) {
        this.core = core;
    }

    CompletionStage<Channel> blind(Channel transferer, OutboundRequest target) {
        ChannelImpl t = core.own(transferer);
        if (target == null) {
            throw new InvalidArgumentException("target must not be null");
        }
        CommandFuture<Channel> f = CommandFuture.forCaller(core.pool());
        BridgeImpl b = core.bridgeOf(t);
        if (b == null) {
            f.fail(notInBridge(t, "blind transfer"));
            return f;
        }
        Channel x = core.request(target.withRequester(t));
        b.swap(t, x, JoinOptions.HANG_UP_AFTER, BridgeImpl.SwapKind.BLIND_TRANSFER, null).whenComplete((v, e) -> {
            if (e != null) {
                x.hangup(HangupCause.NORMAL_CLEARING); // never called: nothing rang
                f.fail(e);
            } else {
                x.call(); // only now, so the transferee hears the very first ringing
                f.succeed(x);
            }
        });
        return f;
    }

    CompletionStage<Void> pickup(Channel picker, Channel ringing) {
        ChannelImpl p = core.own(picker);
        ChannelImpl r = core.own(ringing);
        if (p == r) {
            throw new InvalidArgumentException("a channel cannot pick itself up");
        }
        CommandFuture<Void> f = CommandFuture.forCaller(core.pool());
        BridgeImpl b = core.bridgeOf(r);
        if (b == null) { // a leg a dial is ringing: its coordinator decides, against the answers and other pickups
            r.withApplication(owner -> {
                if (owner instanceof DialLegApp leg) {
                    leg.pickup(p, f);
                } else {
                    f.fail(new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE, "pickup needs "
                            + "channel " + r.id() + " ringing for a dial or bridged with its caller; it is owned by "
                            + r.snapshot().ownerKind()));
                }
            }, f);
            return f;
        }
        b.swap(r, p, JoinOptions.HANG_UP_AFTER, BridgeImpl.SwapKind.PICKUP, null).whenComplete((v, e) -> {
            if (e != null) {
                f.fail(e);
                return;
            }
            if (p.direction() == Direction.INBOUND && p.state() == ChannelState.RING) {
                p.answer();
            }
            f.succeed(null);
        });
        return f;
    }

    static CommandRejectedException notInBridge(ChannelImpl c, String what) {
        return new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE,
                what + " needs channel " + c.id() + " in a bridge; it is owned by " + c.snapshot().ownerKind());
    }
}
