package org.strowger.core.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.TransferOutcome;
import org.strowger.api.frame.Control;
import org.strowger.core.bridge.BridgeImpl;
import org.strowger.core.channel.ChannelImpl;
import org.strowger.core.channel.Membership;
import org.strowger.core.exec.CommandFuture;
import org.strowger.core.exec.SerialExecutor;
import org.strowger.core.switchboard.Switchboard;

/*
 * The coordinator of one attended transfer, with its own SerialExecutor, so every decision about the transfer is
 * taken in one place, one at a time.
 *
 *   STARTING    a command on the transferer's executor reserves it for a move into a new consultation bridge (held
 *               open), from whatever bridge it is in ("home", held open from that same step, before the transferer
 *               can leave it); the move completes, the transferees (home's other members) are put on hold, the
 *               target joins the consultation and is called: CONSULTING. If the move fails, the target is hung up,
 *               both holds are released, and the stage fails with the reason
 *   CONSULTING  exactly one of these ends it, whichever reaches the executor first; later ones do nothing:
 *                 complete()           target moves home (in the transferer's place), transferer leaves -> COMPLETED
 *                 cancel()             target hung up, transferer moves home                            -> CANCELLED
 *                 target hangs up      transferer moves home                                            -> TARGET_HUNG_UP
 *                 transferer hangs up  target moves home, ringing or answered                     -> BLOND / COMPLETED
 *                 transferees gone     transferer and target stay together (once the target is in)
 *                                                                                               -> TRANSFEREE_HUNG_UP
 *   ENDING      the moves of the ending are under way; if one fails because someone hung up at that instant, the
 *               coordinator falls back to the next valid topology, or ABANDONED when nobody is left to connect
 *   ENDED       both holds released, so the bridges dissolve by their normal rules and every party follows its
 *               after-bridge policy; the watches on the parties are removed; the ending is reported as an
 *               AttendedTransferEnded event in home's stream, queued there before the hold is released.
 *
 * Nothing leaks and no channel changes identity.
 */
final class AttendedTransferImpl implements AttendedTransfer {
    private enum Phase { STARTING, CONSULTING, ENDING, ENDED }

    private final Switchboard sb;
    private final SerialExecutor executor;
    private final ChannelImpl transferer;
    private final ChannelImpl target;
    private final BridgeImpl consult;
    private final CommandFuture<TransferOutcome> result = new CommandFuture<>();
    private final Runnable transfereeGone = () -> post(this::transfereeGone);
    private final Runnable transfererGone = () -> post(this::transfererGone);
    private final Runnable targetGone = () -> post(this::targetGone);

    // Owned by the executor.
    private volatile BridgeImpl home; // set once, by the start, before the handle is handed out
    private Phase phase = Phase.STARTING;
    private boolean held;
    private CompletionStage<Void> targetJoined;
    private final List<ChannelImpl> transferees = new ArrayList<>();

    private AttendedTransferImpl(Switchboard sb, ChannelImpl transferer, ChannelImpl target, BridgeImpl consult) {
        this.sb = sb;
        this.transferer = transferer;
        this.target = target;
        this.consult = consult;
        this.executor = new SerialExecutor(sb.runtime().executors(), "transfer of " + transferer.id());
    }

    /** Starts the transfer of {@code transferer} to {@code target} (already created, not yet called). Any thread. */
    static CompletionStage<AttendedTransfer> start(Switchboard sb, ChannelImpl transferer, ChannelImpl target) {
        CommandFuture<AttendedTransfer> started = CommandFuture.forCaller(sb.runtime().pool());
        BridgeImpl consult;
        try {
            consult = sb.createBridge(BridgeOptions.call());
        } catch (RuntimeException shuttingDown) {
            target.hangup(HangupCause.NORMAL_CLEARING);
            throw shuttingDown;
        }
        consult.postHoldOpen();
        AttendedTransferImpl t = new AttendedTransferImpl(sb, transferer, target, consult);
        CommandFuture<Void> moved = new CommandFuture<>();
        moved.whenComplete((v, e) -> t.post(() -> t.moved(e, started)));
        transferer.post(new Membership.Reserve(consult, Membership.Expect.IN_A_BRIDGE, null, null, null, leaving -> {
            BridgeImpl from = (BridgeImpl) leaving; // every bridge side of a core is one of its bridges
            from.postHoldOpen(); // before the transferer can leave it: home must not dissolve under the transfer
            t.home = from;
        }, "attended transfer", moved));
        return started;
    }

    private void post(Runnable step) {
        executor.execute(step);
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
    public Bridge home() {
        return home;
    }

    @Override
    public Bridge consultation() {
        return consult;
    }

    @Override
    public CompletionStage<TransferOutcome> outcome() {
        CommandFuture<TransferOutcome> f = CommandFuture.forCaller(sb.runtime().pool());
        result.whenComplete((o, t) -> f.succeed(o));
        return f;
    }

    @Override
    public CompletionStage<TransferOutcome> complete() {
        return whileConsulting("complete", () -> connectTargetHome(TransferOutcome.COMPLETED, true));
    }

    @Override
    public CompletionStage<TransferOutcome> cancel() {
        return whileConsulting("cancel", () -> {
            target.hangup(HangupCause.NORMAL_CLEARING);
            returnTransferer(TransferOutcome.CANCELLED);
        });
    }

    private CompletionStage<TransferOutcome> whileConsulting(String what, Runnable action) {
        CommandFuture<TransferOutcome> f = CommandFuture.forCaller(sb.runtime().pool());
        post(() -> {
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

    private void moved(Throwable failed, CommandFuture<AttendedTransfer> started) {
        assert executor.inExecutor();
        held = true;
        if (failed != null) {
            target.hangup(HangupCause.NORMAL_CLEARING);
            end(TransferOutcome.ABANDONED);
            started.fail(Transfers.unwrap(failed));
            return;
        }
        for (ChannelId id : home.snapshot().members()) {
            sb.liveChannel(id).filter(c -> c != transferer).ifPresent(transferees::add);
        }
        for (ChannelImpl c : transferees) {
            c.indicate(Control.HOLD);
            c.postWatchEnd(transfereeGone);
        }
        transferer.postWatchEnd(transfererGone);
        target.postWatchEnd(targetGone);
        targetJoined = consult.join(target, JoinOptions.HANG_UP_AFTER);
        targetJoined.whenComplete((ok, joinFailed) -> { // call once bridged, so the transferer hears it ring
            if (joinFailed == null) {
                target.call();
            } else {
                target.hangup(HangupCause.NORMAL_CLEARING);
            }
        });
        phase = Phase.CONSULTING;
        started.succeed(this);
        transfereeGone(); // there may have been nobody to transfer to
    }

    // ---- events (executor) ----

    private void transfereeGone() {
        if (phase == Phase.CONSULTING && transferees.stream().allMatch(c -> c.snapshot().state().isEnded())) {
            phase = Phase.ENDING;
            // the holds end only once the target is in the consultation: released earlier, it would dissolve with
            // the transferer alone in it; if the target never got there, nobody is left to connect
            targetJoined.whenComplete((v, e) -> end(e == null ? TransferOutcome.TRANSFEREE_HUNG_UP : TransferOutcome.ABANDONED));
        }
    }

    private void targetGone() {
        if (phase == Phase.CONSULTING) {
            phase = Phase.ENDING;
            returnTransferer(TransferOutcome.TARGET_HUNG_UP);
        }
    }

    private void transfererGone() {
        if (phase == Phase.CONSULTING) {
            phase = Phase.ENDING;
            connectTargetHome(target.state() == ChannelState.UP ? TransferOutcome.COMPLETED : TransferOutcome.BLOND, false);
        }
    }

    // ---- endings (executor) ----

    /** The target takes the transferer's place at home; the transferer (if still there) leaves the consultation. */
    private void connectTargetHome(TransferOutcome success, boolean transfererLeaves) {
        targetJoined.thenCompose(v -> consult.move(target, home, JoinOptions.HANG_UP_AFTER)).whenComplete((v, e) -> {
            if (e != null) { // the target hung up at this instant: the transferer goes back instead
                returnTransferer(TransferOutcome.TARGET_HUNG_UP);
                return;
            }
            if (transfererLeaves) {
                consult.leave(transferer);
            }
            unhold();
            end(success);
        });
    }

    private void returnTransferer(TransferOutcome outcome) {
        consult.move(transferer, home, null).whenComplete((v, e) -> {
            unhold();
            end(e == null ? outcome : TransferOutcome.ABANDONED);
        });
    }

    private void unhold() {
        for (ChannelImpl c : transferees) {
            if (c.snapshot().isLive()) {
                c.indicate(Control.UNHOLD);
            }
        }
    }

    private void end(TransferOutcome outcome) {
        BridgeImpl h = home;
        if (phase != Phase.ENDED && h != null) { // ahead of the hold's release, so home cannot dissolve before it
            h.postAttendedTransferEnded(transferer, target, transferees, consult.id(), outcome);
        }
        phase = Phase.ENDED;
        if (held) {
            held = false;
            if (h != null) {
                h.postReleaseHold();
            }
            consult.postReleaseHold();
        }
        for (ChannelImpl c : transferees) { // a finished transfer must not stay reachable from its parties
            c.postUnwatchEnd(transfereeGone);
        }
        transferer.postUnwatchEnd(transfererGone);
        target.postUnwatchEnd(targetGone);
        result.complete(outcome);
    }
}
