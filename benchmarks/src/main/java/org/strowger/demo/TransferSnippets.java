package org.strowger.demo;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.strowger.api.Application;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;

/**
 * Code shown in the transfer and feature-code parts of docs/bridging-and-transfers.md. Every java block in that
 * document is an excerpt of a file in this package (DocSnippetsTest in src-test-fixtures checks it), so the snippets
 * always compile against the real API. The demo does not run them.
 */
public final class TransferSnippets {
    private TransferSnippets() {
    }

    // ---- blind transfer ----

    /** Blind transfer: the transferer's party gets a new call to {@code target}, and the transferer drops out. */
    static CompletionStage<Channel> blind(ChannelCore core, Channel transferer, OutboundRequest target) {
        return core.blindTransfer(transferer, target)  // throws at once if the target channel cannot be created
                .whenComplete((newCall, error) -> {
                    if (error != null) {               // nothing was transferred, and the target was hung up
                        System.out.println(transferer.name() + ": " + BridgingSnippets.explain(error));
                    }
                });
    }

    // ---- attended transfer ----

    /** Starts an attended transfer, and goes back to the transferee if the target has not answered in time. */
    static CompletionStage<AttendedTransfer> consult(ChannelCore core, Channel transferer, OutboundRequest target,
            Duration noAnswer) {
        return core.attendedTransfer(transferer, target).thenApply(transfer -> {
            transfer.target().schedule(noAnswer, () -> { // on the target's executor; not run if it hung up first
                if (transfer.target().state() != ChannelState.UP) {
                    transfer.cancel();                 // fails with WRONG_STATE if the transfer has ended meanwhile
                }
            });
            transfer.outcome().thenAccept(outcome -> System.out.println(transferer.name() + ": " + outcome));
            return transfer;
        });
    }

    // ---- feature codes ----

    /** Asterisk's default transfer features on a call bridge: #1 blind and *2 attended, to {@code target}. */
    static CompletionStage<Void> transferFeatures(ChannelCore core, Bridge call, OutboundRequest target) {
        CompletionStage<Cancellable> blind = call.addDtmfHook("#1", (bridge, member, digits) -> {
            try {
                core.blindTransfer(member, target);    // any member may transfer
            } catch (CommandRejectedException noTarget) { // e.g. LIMIT_REACHED: nothing started, the code stays
                System.out.println(member.name() + ": no blind transfer now: " + noTarget.getMessage());
            }
        });
        CompletionStage<Cancellable> attended = call.addDtmfHook("*2", (bridge, member, digits) -> {
            try {
                core.attendedTransfer(member, target).thenAccept(TransferSnippets::consultationFeatures);
            } catch (CommandRejectedException noTarget) {
                System.out.println(member.name() + ": no attended transfer now: " + noTarget.getMessage());
            }
        });
        return blind.thenAcceptBoth(attended, (b, a) -> { }); // fails with CONFLICT if a code clashes
    }

    /** In the consultation bridge, the transferer keys *2 to complete the transfer or *1 to go back. */
    static void consultationFeatures(AttendedTransfer transfer) {
        Channel transferer = transfer.transferer();
        Bridge consultation = transfer.consultation();  // held open until the transfer ends
        consultation.addDtmfHook("*2", (b, member, digits) -> {
            if (member.id().equals(transferer.id())) {
                transfer.complete();                   // the target's own *2 does nothing
            }
        });
        consultation.addDtmfHook("*1", (b, member, digits) -> {
            if (member.id().equals(transferer.id())) {
                transfer.cancel();
            }
        });
    }

    /** A time limit like the L() option of Asterisk's Dial(): the call ends after {@code minutes}. */
    static CompletionStage<Cancellable> timeLimit(Bridge call, int minutes) {
        int[] elapsed = {0};                           // touched only on the bridge's executor
        return call.addIntervalHook(Duration.ofMinutes(1), bridge -> {
            if (++elapsed[0] >= minutes) {
                bridge.destroy();                      // every member follows its after-bridge policy
            }
        });
    }

    // ---- pickup ----

    /** Owns inbound calls to a pickup code (Asterisk's *8) and connects each to a call ringing in its group. */
    static final class GroupPickup implements Application {
        private final ChannelCore core;
        private final String group;

        GroupPickup(ChannelCore core, String group) {
            this.core = core;
            this.group = group;
        }

        @Override
        public void onAttach(Channel picker) {
            Optional<Channel> ringing = core.channels().stream()
                    .filter(s -> s.direction() == Direction.OUTBOUND // ringing for a dial, or bridged with its caller
                            && (s.state() == ChannelState.DIALING || s.state() == ChannelState.RINGING)
                            && group.equals(s.variables().get("PICKUP_GROUP")))
                    .findFirst()
                    .flatMap(s -> core.channel(s.id()));
            if (ringing.isEmpty()) {
                picker.hangup(HangupCause.NORMAL_CLEARING); // nothing to pick up
                return;
            }
            core.pickup(picker, ringing.get()).whenComplete((v, error) -> {
                if (error != null) {                   // answered, picked up by someone else, or gone:
                    picker.hangup(HangupCause.NORMAL_CLEARING); // this application still owns the picker
                }
            });
        }
    }

    // ---- send to ----

    /** An IVR's "press 0 for the operator": the caller hears the operator ring, then they talk; the IVR is done. */
    static final class OperatorOnZero implements Application {
        private final OutboundRequest operator;

        OperatorOnZero(OutboundRequest operator) {
            this.operator = operator;
        }

        @Override
        public void onEvent(Channel caller, ChannelEvent event) {
            if (event instanceof ChannelEvent.DtmfEnded key && key.digit() == '0') {
                caller.core().sendTo(caller, operator)  // asks this application to let go: the default says yes
                        .exceptionally(error -> {      // the caller hung up meanwhile, say: the operator never rang
                            System.out.println(caller.name() + ": " + BridgingSnippets.explain(error));
                            return null;
                        });
            }
        }
    }
}
