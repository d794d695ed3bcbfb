package org.strowger.core.dial;

import java.util.concurrent.CompletionStage;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.ChannelState;
import org.strowger.api.Direction;
import org.strowger.api.JoinOptions;
import org.strowger.api.dial.OnAnswer;
import org.strowger.core.bridge.BridgeImpl;
import org.strowger.core.channel.ChannelImpl;
import org.strowger.core.exec.CommandFuture;
import org.strowger.core.switchboard.Switchboard;

/*
 * Hands a dial's winner over as its OnAnswer says, with the existing ownership protocol: detach, attach (the leg's
 * DialLegApp, told to let go first, agrees; a picker's application is asked as usual) or a bridge join. Runs on the
 * coordinator's executor, so every stage it chains completes back there.
 *
 * BridgeWith creates a call bridge and holds it open while the winner joins, the party (if an inbound call still
 * ringing) is answered, and the party joins; the hold is then released, which dissolves the bridge at once if the
 * winner hung up in between, so the party never stays alone in a bridge nobody dissolves: it follows its after-bridge
 * policy, as after any call the callee ended. If the winner cannot join, nothing else happens; if the party cannot,
 * the bridge is destroyed: a leg of the dial then hangs up after the bridge, a picker is first taken out as if it had
 * never joined (back to its application). The stage fails with the first error, or completes with the bridge the
 * winner is in (null for a hand-over to an application).
 */
final class WinnerHandover {
    private WinnerHandover() {
    }

    /**
     * Starts the hand-over of {@code winner}; {@code leg} is its DialLegApp if it is a leg of the dial, or null for a
     * picker. Coordinator executor only.
     */
    static CompletionStage<Bridge> start(Switchboard sb, OnAnswer onAnswer, ChannelImpl winner, DialLegApp leg) {
        if (leg != null) {
            leg.release();
        }
        try {
            return switch (onAnswer) {
                case OnAnswer.HandBack h -> leg != null ? winner.detach().thenApply(v -> (Bridge) null) : done();
                case OnAnswer.Attach a -> winner.attach(a.application()).thenApply(v -> (Bridge) null);
                case OnAnswer.JoinBridge j -> j.bridge().join(winner, j.options()).thenApply(v -> j.bridge());
                case OnAnswer.BridgeWith b ->
                        bridgeWith(sb, winner, sb.channel(b.party()), b.partyOptions(), leg == null);
            };
        } catch (RuntimeException e) { // the core is shutting down (no bridge), or a handle turned out foreign
            return CommandFuture.failed(e);
        }
    }

    private static CompletionStage<Bridge> bridgeWith(Switchboard sb, ChannelImpl winner, ChannelImpl party,
            JoinOptions partyOptions, boolean picker) {
        BridgeImpl bridge = sb.createBridge(BridgeOptions.call());
        bridge.postHoldOpen();
        CommandFuture<Bridge> out = new CommandFuture<>();
        bridge.join(winner, JoinOptions.HANG_UP_AFTER).whenComplete((v, joinFailed) -> {
            if (joinFailed != null) {
                bridge.destroy();
                out.completeExceptionally(joinFailed);
                return;
            }
            answerIfRinging(party).thenCompose(x -> bridge.join(party, partyOptions)).whenComplete((w, partyFailed) -> {
                if (partyFailed == null) {
                    bridge.postReleaseHold();
                    out.complete(bridge);
                    return;
                }
                CompletionStage<Void> taken = picker ? bridge.postAbort(winner) : done();
                taken.whenComplete((x, ignored) -> bridge.destroy());
                out.completeExceptionally(partyFailed);
            });
        });
        return out;
    }

    /** Answers an inbound party that still rings; whatever the answer's fate, the join that follows decides. */
    private static CompletionStage<Void> answerIfRinging(ChannelImpl party) {
        if (party.direction() != Direction.INBOUND || party.state() != ChannelState.RING) {
            return done();
        }
        return party.answer().handle((v, e) -> null);
    }

    private static <T> CompletionStage<T> done() {
        CommandFuture<T> f = new CommandFuture<>();
        f.complete(null);
        return f;
    }
}
