package org.strowger.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.frame.Control;

/*
 * The coordinator of one attended transfer, with its own SerialExecutor, so every decision about the transfer is
 * taken in one place, one at a time. It starts by holding the transferer's bridge ("home") open and moving the
 * transferer into a consultation bridge (also held open) where the target is called. From CONSULTING exactly one of
 * these ends it, whichever reaches the executor first; later ones find the phase changed and do nothing:
 *
 *   complete()          target moves home (in the transferer's place), transferer leaves      -> COMPLETED
 *   cancel()            target hung up, transferer moves home                                 -> CANCELLED
 *   target hangs up     transferer moves home                                                 -> TARGET_HUNG_UP
 *   transferer hangs up target moves home, ringing or answered                                -> BLOND / COMPLETED
 *   transferees gone    transferer and target stay together (once the target is in)          -> TRANSFEREE_HUNG_UP
 *
 * Each step is a bridge move (the reserve/admit/commit/activate protocol); if one fails because someone hung up at
 * that instant, the coordinator falls back to the next valid topology, or ABANDONED when nobody is left to connect.
 * At the end both holds are released, so bridges left with one member or none dissolve by their normal rules and
 * every party follows its after-bridge policy: nothing leaks and no channel changes identity. The ending is reported
 * as an AttendedTransferEnded event in home's stream, queued there before the hold is released.
 */
final class AttendedTransferImpl implements AttendedTransfer {
    private enum Phase { STARTING, CONSULTING, ENDING, ENDED }

    private final CoreImpl core;
    private final SerialExecutor executor;
    private final ChannelImpl transferer;
    private final ChannelImpl target;
    private final BridgeImpl home;
    private final CommandFuture<Outcome> result = new CommandFuture<>();

    // Owned by the executor.
    private BridgeImpl consult;
    private Phase phase = Phase.STARTING;
    private boolean held;
    private CompletionStage<Void> targetJoined;
    private final List<ChannelImpl> transferees = new ArrayList<>();

    AttendedTransferImpl(CoreImpl core, ChannelImpl transferer, BridgeImpl home, ChannelImpl target) {
        this.core = core;
        this.transferer = transferer;
        this.home = home;
        this.target = target;
        this.executor = new SerialExecutor(core.executorSettings(), "transfer of " + transferer.id());
    }

    @Override
    public Channel transferer() {
        return transferer;
    }

    @Override
    public Channel target() {
        return target;
    }

    @Override
    public CompletionStage<Outcome> outcome() {
        CommandFuture<Outcome> f = CommandFuture.forCaller(core.pool());
        result.whenComplete((o, t) -> f.succeed(o));
        return f;
    }

    @Override
    public CompletionStage<Outcome> complete() {
        return whileConsulting("complete", () -> connectTargetHome(Outcome.COMPLETED, true));
    }

    @Override
    public CompletionStage<Outcome> cancel() {
        return whileConsulting("cancel", () -> {
            target.hangup(HangupCause.NORMAL_CLEARING);
            returnTransferer(Outcome.CANCELLED);
        });
    }

    private CompletionStage<Outcome> whileConsulting(String what, Runnable action) {
        CommandFuture<Outcome> f = CommandFuture.forCaller(core.pool());
        executor.execute(() -> {
            if (phase != Phase.CONSULTING) {
                f.fail(new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE,
                        what + ": the transfer of " + transferer.id() + " has already " + (phase == Phase.ENDED
                                ? "ended: " + result.getNow(null) : "begun to end")));
                return;
            }
            phase = Phase.ENDING;
            result.whenComplete((o, t) -> f.succeed(o));
            action.run();
        });
        return f;
    }

    // ---- start (executor) ----

    void begin(CommandFuture<AttendedTransfer> started) {
        executor.execute(() -> {
            home.holdOpen();
            consult = core.createBridgeImpl(BridgeOptions.call());
            consult.holdOpen();
            held = true;
            home.move(transferer, consult, null).whenComplete((v, e) -> {
                if (e != null) {
                    target.hangup(HangupCause.NORMAL_CLEARING);
                    consult.destroy();
                    end(Outcome.ABANDONED);
                    started.fail(e);
                    return;
                }
                for (ChannelId id : home.snapshot().members()) {
                    core.channelImpl(id).filter(c -> c != transferer).ifPresent(transferees::add);
                }
                for (ChannelImpl c : transferees) {
                    c.indicate(Control.HOLD);
                    c.watchEnd(() -> executor.execute(this::transfereeGone));
                }
                transferer.watchEnd(() -> executor.execute(this::transfererGone));
                target.watchEnd(() -> executor.execute(this::targetGone));
                targetJoined = consult.join(target, JoinOptions.HANG_UP_AFTER);
                targetJoined.whenComplete((ok, failed) -> { // call once bridged, so the transferer hears it ring
                    if (failed == null) {
                        target.call();
                    } else {
                        target.hangup(HangupCause.NORMAL_CLEARING);
                    }
                });
                phase = Phase.CONSULTING;
                started.succeed(this);
                transfereeGone(); // there may have been nobody to transfer to
            });
        });
    }

    // ---- events (executor) ----

    private void transfereeGone() {
        if (phase == Phase.CONSULTING && transferees.stream().allMatch(c -> c.snapshot().state().isEnded())) {
            phase = Phase.ENDING;
            // the holds end only once the target is in the consultation: released earlier, it would dissolve with
            // the transferer alone in it; if the target never got there, nobody is left to connect
            targetJoined.whenComplete((v, e) -> end(e == null ? Outcome.TRANSFEREE_HUNG_UP : Outcome.ABANDONED));
        }
    }

    private void targetGone() {
        if (phase == Phase.CONSULTING) {
            phase = Phase.ENDING;
            returnTransferer(Outcome.TARGET_HUNG_UP);
        }
    }

    private void transfererGone() {
        if (phase == Phase.CONSULTING) {
            phase = Phase.ENDING;
            connectTargetHome(target.state() == ChannelState.UP ? Outcome.COMPLETED : Outcome.BLOND, false);
        }
    }

    // ---- endings (executor) ----

    /** The target takes the transferer's place at home; the transferer (if still there) leaves the consultation. */
    private void connectTargetHome(Outcome success, boolean transfererLeaves) {
        targetJoined.thenCompose(v -> consult.move(target, home, JoinOptions.HANG_UP_AFTER)).whenComplete((v, e) -> {
            if (e != null) { // the target hung up at this instant: the transferer goes back instead
                returnTransferer(Outcome.TARGET_HUNG_UP);
                return;
            }
            if (transfererLeaves) {
                consult.leave(transferer);
            }
            unhold();
            end(success);
        });
    }

    private void returnTransferer(Outcome outcome) {
        consult.move(transferer, home, null).whenComplete((v, e) -> {
            unhold();
            end(e == null ? outcome : Outcome.ABANDONED);
        });
    }

    private void unhold() {
        for (ChannelImpl c : transferees) {
            if (c.snapshot().isLive()) {
                c.indicate(Control.UNHOLD);
            }
        }
    }

    private void end(Outcome outcome) {
        if (phase != Phase.ENDED) { // the event goes ahead of the hold's release, so home cannot dissolve before it
            home.announceAttendedTransfer(transferer, target, transferees, consult, outcome);
        }
        phase = Phase.ENDED;
        if (held) {
            held = false;
            home.releaseHold();
            consult.releaseHold();
        }
        result.complete(outcome);
    }
}
