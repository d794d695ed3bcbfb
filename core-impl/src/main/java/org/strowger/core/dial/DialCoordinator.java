package org.strowger.core.dial;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.strowger.api.Bridge;
import org.strowger.api.Channel;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.Party;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialLeg;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.EarlyMediaPolicy;
import org.strowger.api.dial.LegOutcome;
import org.strowger.api.dial.OnAnswer;
import org.strowger.api.event.DialStatus;
import org.strowger.api.frame.Control;
import org.strowger.core.channel.ChannelImpl;
import org.strowger.core.channel.Variables;
import org.strowger.core.exec.CommandFuture;
import org.strowger.core.exec.OwnedTimer;
import org.strowger.core.exec.SerialExecutor;
import org.strowger.core.switchboard.Switchboard;

/*
 * The coordinator of one dial, with its own SerialExecutor: every decision of the dial is taken here, one message at
 * a time, so the answer race, pickups, cancel, the caller's hang-up and the timeouts are decided in one place, by
 * whichever message arrives first. Legs are channels owned by a DialLegApp each; they report to this executor and
 * this executor commands them; nothing waits and nothing is locked.
 *
 *   STARTING   the caller (if any) is watched first: a message through its executor comes back either as "gone"
 *              (the dial ends CANCELLED, no leg is created) or as "go", so a caller that already hung up is seen
 *   RINGING    groups one after another, the targets of a group at once. A leg that cannot be created is a
 *              NOT_CREATED leg; when the last live leg of a group ends, the next group starts; a forwarded leg is
 *              replaced in its group by the next hop (up to maxForwards). Per-leg timers hang a leg up with
 *              NO_ANSWER; early media is passed to the caller according to the policy
 *   ANSWERING  the first leg reported UP (or the first pickup) is the winner: every other live leg is asked to hang
 *              up with ANSWERED_ELSEWHERE at once, and the winner is handed over (WinnerHandover). A leg that answers
 *              later already has that hang-up queued behind its answer, so it ends ANSWERED_ELSEWHERE too
 *   ENDING     decided (answered and handed over, failed hand-over, cancelled, timed out, every group tried): waits
 *              until every leg but a handed-over winner has ended, so each leg's cause is final, then
 *   ENDED      completes the result, once, and drops its watch on the caller (a caller may dial many times).
 *
 * A timer the core's scheduler refuses (it has shut down) stops the dial as FAILED, so a dial always ends.
 *
 * Each leg's end reaches this executor exactly once (ChannelImpl.watchEnd), whatever ended it; the outcome recorded
 * is what the coordinator asked for if the leg ended with the cause it asked for, else what the cause says (a leg
 * that was busy at the instant the dial was cancelled is BUSY). The executor is never closed: like a bridge's, it is
 * collected once nothing refers to it.
 */
public final class DialCoordinator implements DialHandle {
    private enum Phase { STARTING, RINGING, ANSWERING, ENDING, ENDED }

    private final Switchboard sb;
    private final SerialExecutor executor;
    private final DialRequest request;
    private final DialString dial;
    private final ChannelImpl caller;
    private final Party callerId;
    private final Map<String, String> variables;
    private final CommandFuture<DialResult> done = new CommandFuture<>();
    private final Runnable callerWatch = this::postCallerGone; // removed from the caller when the dial ends

    // Owned by the executor.
    private Phase phase = Phase.STARTING;
    private int group = -1;
    private int live;
    private final List<DialAttempt> attempts = new ArrayList<>();
    private OwnedTimer overallTimer;
    private boolean ringingSent;
    private boolean progressSent;
    private DialAttempt mediaSource;
    private DialOutcome stoppedAs;
    private boolean callerEnded;
    private ChannelImpl winner;
    private DialAttempt winnerDialAttempt;
    private boolean handedOver;
    private Bridge handedInto;
    private Throwable failure;
    private volatile List<Channel> liveLegs = List.of(); // written by the executor only

    private DialCoordinator(Switchboard sb, DialRequest request, ChannelImpl caller) {
        this.sb = sb;
        this.request = request;
        this.dial = request.dialString();
        this.caller = caller;
        this.callerId = request.callerId() != null ? request.callerId()
                : caller != null ? caller.snapshot().caller() : Party.UNKNOWN;
        Map<String, String> vars = new HashMap<>(request.variables());
        vars.putAll(dial.variables());
        this.variables = Map.copyOf(vars);
        this.executor = new SerialExecutor(sb.runtime().executors(),
                "dial for " + (caller == null ? "no caller" : caller.id().value()));
    }

    /**
     * Checks the request on the calling thread and starts the dial: with a caller, its first step is queued on the
     * caller's executor, so it runs in order with the commands the calling thread gave the caller before. Any thread.
     */
    public static DialHandle start(Switchboard sb, DialRequest request) {
        if (request == null) {
            throw new InvalidArgumentException("dial request must not be null");
        }
        ChannelImpl caller = request.caller() == null ? null : sb.channel(request.caller());
        switch (request.onAnswer()) {
            case OnAnswer.BridgeWith b -> sb.channel(b.party());
            case OnAnswer.JoinBridge j -> sb.bridge(j.bridge());
            default -> {
            }
        }
        // a dial string's and its targets' variables were checked by their constructors, by the same rules
        checkVariables(request.variables());
        DialCoordinator d = new DialCoordinator(sb, request, caller);
        d.watchCaller();
        return d;
    }

    private static void checkVariables(Map<String, String> vars) {
        vars.forEach(Variables::check);
    }

    // ---- handle (any thread) ----

    @Override
    public DialRequest request() {
        return request;
    }

    @Override
    public CompletionStage<DialResult> result() {
        CommandFuture<DialResult> f = CommandFuture.forCaller(sb.runtime().pool());
        done.whenComplete((r, t) -> f.succeed(r));
        return f;
    }

    @Override
    public List<Channel> legs() {
        return liveLegs;
    }

    @Override
    public CompletionStage<Boolean> cancel() {
        CommandFuture<Boolean> f = CommandFuture.forCaller(sb.runtime().pool());
        executor.execute(() -> {
            boolean undecided = phase == Phase.STARTING || phase == Phase.RINGING;
            if (undecided) {
                stop(DialOutcome.CANCELLED, HangupCause.ORIGINATOR_CANCEL);
            }
            f.succeed(undecided);
        });
        return f;
    }

    // ---- start (executor) ----

    /**
     * Watches the caller's end, then begins: both messages go through the caller's executor, in the calling thread's
     * order, and come back here, "gone" first if the caller has hung up. Calling thread.
     */
    private void watchCaller() {
        if (caller == null) {
            executor.execute(this::begin);
            return;
        }
        caller.postWatchEnd(callerWatch);
        Runnable go = () -> executor.execute(this::begin);
        if (!caller.postTask(go)) {
            // The caller is destroyed. Its watch may still be queued there, to be rejected (posting callerGone) only
            // after this: say it here first, so begin finds the dial cancelled (a second callerGone changes nothing).
            executor.execute(() -> {
                callerGone();
                begin();
            });
        }
    }

    private void begin() {
        if (phase != Phase.STARTING) {
            return; // cancelled, or the caller had already hung up
        }
        phase = Phase.RINGING;
        if (dial.timeout() != null) {
            overallTimer = later(dial.timeout(), () -> {
                if (phase == Phase.RINGING) {
                    stop(DialOutcome.TIMED_OUT, HangupCause.NO_ANSWER);
                }
            });
        }
        nextGroup();
    }

    /** Starts the next group that has at least one leg; ends the dial when there is none left. */
    private void nextGroup() {
        while (phase == Phase.RINGING && live == 0) {
            group++;
            if (group >= dial.groups().size()) {
                phase = Phase.ENDING;
                finishIfSettled();
                return;
            }
            for (DialTarget t : dial.groups().get(group).targets()) {
                launch(t, group, 0, null);
            }
        }
    }

    private void launch(DialTarget target, int inGroup, int hop, ChannelId from) {
        DialAttempt a = new DialAttempt(target, inGroup, hop, from);
        attempts.add(a);
        Map<String, String> vars = variables;
        if (!target.variables().isEmpty()) {
            Map<String, String> merged = new HashMap<>(variables);
            merged.putAll(target.variables());
            vars = merged;
        }
        try {
            a.channel = sb.request(
                    new OutboundRequest(target.tech(), target.resource(), target.id(), caller, callerId, vars));
        } catch (RuntimeException refused) { // unknown tech, a limit, a duplicate or reserved id, shutting down
            a.ended = true;
            a.outcome = LegOutcome.NOT_CREATED;
            a.cause = refused instanceof CommandRejectedException r ? r.hangupCause() : null;
            a.detail = String.valueOf(refused.getMessage());
            return;
        }
        live++;
        publishLiveLegs();
        a.channel.postDialBegan(caller, target.tech() + '/' + target.resource()); // queued before its call()
        a.app = new DialLegApp(new DialLegApp.Listener() { // runs on the leg's executor: post, nothing else
            @Override
            public void answered() {
                executor.execute(() -> legAnswered(a));
            }

            @Override
            public void ringing() {
                executor.execute(() -> legRinging(a));
            }

            @Override
            public void progress() {
                executor.execute(() -> legProgress(a));
            }

            @Override
            public void redirected(String to) {
                executor.execute(() -> {
                    if (a.redirect == null) {
                        a.redirect = to;
                    }
                });
            }

            @Override
            public void pickup(ChannelImpl picker, CommandFuture<Void> f) {
                executor.execute(() -> pickedUp(a, picker, f));
            }
        });
        if (passesEverything(inGroup) && caller != null) {
            mediaSource = a;
            a.app.earlyMediaTo(caller);
        }
        a.channel.postWatchEnd(() -> executor.execute(() -> legEnded(a)));
        a.channel.attach(a.app);
        a.channel.call();
        if (target.timeout() != null) {
            a.timer = later(target.timeout(), () -> {
                if (phase == Phase.RINGING) {
                    ask(a, HangupCause.NO_ANSWER, LegOutcome.NO_ANSWER);
                }
            });
        }
    }

    // ---- what the legs report (executor) ----

    private void legAnswered(DialAttempt a) {
        if (phase != Phase.RINGING || !a.ringing()) {
            return; // too late: the hang-up this coordinator asked for is already queued behind its answer
        }
        win(a.channel, a, null);
        a.outcome = LegOutcome.ANSWERED;
        a.channel.postDialEnded(DialStatus.ANSWERED, null); // the losers' DialEnded comes with their hang-up
        handOver(a.channel, a, null);
    }

    private void pickedUp(DialAttempt a, ChannelImpl picker, CommandFuture<Void> f) {
        if (phase != Phase.RINGING) {
            String why = winner != null ? "answered" : stoppedAs == DialOutcome.CANCELLED ? "cancelled"
                    : stoppedAs == DialOutcome.TIMED_OUT ? "timed out" : "ended";
            f.fail(new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE, "pickup of channel "
                    + a.channel.id() + ": its dial has already been " + why));
            return;
        }
        if (!a.ringing()) {
            f.fail(new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE, "pickup of channel "
                    + a.channel.id() + ": it no longer rings for its dial"));
            return;
        }
        if (picker == caller || attempts.stream().anyMatch(x -> x.channel == picker)) {
            f.fail(new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE, "pickup of channel "
                    + a.channel.id() + ": channel " + picker.id() + " is the caller or a leg of the same dial"));
            return;
        }
        win(picker, null, a);
        handOver(picker, null, f);
    }

    private void legRinging(DialAttempt a) {
        if (phase == Phase.RINGING && a.ringing()) {
            indicateOnce(Control.RINGING);
        }
    }

    private void legProgress(DialAttempt a) {
        if (phase != Phase.RINGING || !a.ringing()) {
            return;
        }
        if (passesEverything(a.group)) {
            indicateOnce(Control.PROGRESS);
        } else if (dial.earlyMedia() == EarlyMediaPolicy.FIRST_PROGRESS) {
            if (mediaSource == null && caller != null) {
                mediaSource = a;
                a.app.earlyMediaTo(caller);
                indicateOnce(Control.PROGRESS);
            }
        } else {
            indicateOnce(Control.RINGING); // RINGBACK: the caller hears ringing, never a leg's progress
        }
    }

    private void legEnded(DialAttempt a) {
        if (a.ended) {
            return;
        }
        a.ended = true;
        live--;
        publishLiveLegs();
        cancel(a.timer);
        a.app.earlyMediaTo(null);
        if (mediaSource == a) {
            mediaSource = null;
        }
        a.cause = a.channel.snapshot().hangupCause();
        if (a != winnerDialAttempt) {
            a.outcome = outcomeOf(a);
            if (a.outcome == LegOutcome.FORWARDED) {
                launch(a.next, a.group, a.hop + 1, a.channel.id());
            }
            if (phase == Phase.RINGING && live == 0) {
                nextGroup();
            }
        }
        finishIfSettled();
    }

    private LegOutcome outcomeOf(DialAttempt a) {
        if (a.asked != null && a.cause == a.askedCause) {
            return a.asked;
        }
        if (a.cause == HangupCause.REDIRECTED_TO_NEW_DESTINATION && a.redirect != null) {
            return forward(a);
        }
        return switch (a.cause) {
            case USER_BUSY -> LegOutcome.BUSY;
            case NO_ANSWER, NO_USER_RESPONSE -> LegOutcome.NO_ANSWER;
            case ANSWERED_ELSEWHERE -> LegOutcome.ANSWERED_ELSEWHERE;
            case ORIGINATOR_CANCEL -> LegOutcome.CANCELLED;
            default -> LegOutcome.FAILED;
        };
    }

    /** A leg forwarded by its far end: follow it (FORWARDED, {@code a.next} set) or say why not. */
    private LegOutcome forward(DialAttempt a) {
        if (phase != Phase.RINGING) {
            a.detail = "forward not followed: the dial had already been decided";
            return LegOutcome.FORWARD_REFUSED;
        }
        if (a.hop >= dial.maxForwards()) {
            a.detail = "forward not followed: the limit of " + dial.maxForwards() + " forwards is reached";
            return LegOutcome.FORWARD_REFUSED;
        }
        try {
            a.next = ForwardTarget.parse(a.redirect, a.target);
        } catch (InvalidArgumentException malformed) {
            a.detail = "forward not followed: " + malformed.getMessage();
            return LegOutcome.FORWARD_REFUSED;
        }
        return LegOutcome.FORWARDED;
    }

    private void postCallerGone() {
        executor.execute(this::callerGone);
    }

    private void callerGone() {
        callerEnded = true;
        if (phase == Phase.STARTING || phase == Phase.RINGING) {
            HangupCause c = caller.snapshot().hangupCause();
            // A caller that lost to another leg of an outer dial passes that on, so a Local chain ends the same way.
            stop(DialOutcome.CANCELLED, c == HangupCause.ANSWERED_ELSEWHERE ? c : HangupCause.ORIGINATOR_CANCEL);
        }
    }

    // ---- decisions (executor) ----

    /** The dial is won by {@code channel}: every other live leg is hung up at once. */
    private void win(ChannelImpl channel, DialAttempt leg, DialAttempt pickedUp) {
        phase = Phase.ANSWERING;
        winner = channel;
        winnerDialAttempt = leg;
        cancel(overallTimer);
        muteAll();
        if (leg != null) {
            cancel(leg.timer);
        }
        for (DialAttempt o : attempts) {
            if (o != leg) {
                ask(o, HangupCause.ANSWERED_ELSEWHERE,
                        o == pickedUp ? LegOutcome.PICKED_UP : LegOutcome.ANSWERED_ELSEWHERE);
            }
        }
    }

    private void handOver(ChannelImpl channel, DialAttempt leg, CommandFuture<Void> pickup) {
        WinnerHandover.start(sb, request.onAnswer(), channel, leg == null ? null : leg.app).whenComplete((into, e) -> {
            if (e == null) {
                handedOver = true;
                handedInto = into;
                if (pickup != null) {
                    if (channel.direction() == Direction.INBOUND && channel.state() == ChannelState.RING) {
                        channel.answer(); // queued before the pickup's stage completes, as for a bridge pickup
                    }
                    pickup.succeed(null);
                }
            } else {
                failure = unwrap(e);
                if (leg != null) {
                    ask(leg, HangupCause.NORMAL_CLEARING, LegOutcome.ANSWERED);
                }
                if (pickup != null) {
                    pickup.fail(failure);
                }
            }
            phase = Phase.ENDING;
            finishIfSettled();
        });
    }

    /** Stops ringing: cancelled, timed out or failed (no timer). Every live leg is hung up with {@code cause}. */
    private void stop(DialOutcome as, HangupCause cause) {
        stoppedAs = as;
        phase = Phase.ENDING;
        cancel(overallTimer);
        muteAll();
        for (DialAttempt a : attempts) {
            ask(a, cause, as == DialOutcome.TIMED_OUT ? LegOutcome.TIMED_OUT : LegOutcome.CANCELLED);
        }
        finishIfSettled();
    }

    /** Hangs a live leg up with {@code cause}, remembering why; at most once per leg. */
    private static void ask(DialAttempt a, HangupCause cause, LegOutcome why) {
        if (a.ended || a.asked != null) {
            return;
        }
        a.asked = why;
        a.askedCause = cause;
        cancel(a.timer);
        a.channel.hangup(cause);
    }

    private void indicateOnce(Control control) {
        if (caller == null) {
            return;
        }
        if (control == Control.RINGING && !ringingSent) {
            ringingSent = true;
            caller.indicate(control);
        } else if (control == Control.PROGRESS && !progressSent) {
            progressSent = true;
            caller.indicate(control);
        }
    }

    /** A group of one target passes its ringing, progress and media through whatever the policy. */
    private boolean passesEverything(int inGroup) {
        return dial.groups().get(inGroup).targets().size() == 1;
    }

    private void muteAll() {
        mediaSource = null;
        for (DialAttempt a : attempts) {
            if (a.app != null) {
                a.app.earlyMediaTo(null);
            }
        }
    }

    // ---- the end (executor) ----

    private void finishIfSettled() {
        if (phase != Phase.ENDING) {
            return;
        }
        for (DialAttempt a : attempts) {
            if (!a.ended && !(a == winnerDialAttempt && handedOver)) {
                return; // its end is on its way
            }
        }
        phase = Phase.ENDED;
        liveLegs = List.of(); // the winner, if any, is no longer the dial's
        cancel(overallTimer);
        if (caller != null) {
            caller.postUnwatchEnd(callerWatch); // a long-lived caller must not keep every finished dial reachable
        }
        DialOutcome outcome = handedOver ? DialOutcome.ANSWERED
                : failure != null ? (callerEnded || isCallerGone(failure) ? DialOutcome.CANCELLED
                        : DialOutcome.FAILED)
                : stoppedAs != null ? stoppedAs
                : summary();
        List<DialLeg> legs = new ArrayList<>(attempts.size());
        for (DialAttempt a : attempts) {
            legs.add(new DialLeg(a.target, a.group, a.hop, a.channel == null ? null : a.channel.id(),
                    a.forwardedFrom, a.outcome, a.ended ? a.cause : null, a.detail));
        }
        Channel won = handedOver ? winner : null;
        done.complete(new DialResult(outcome, won, handedOver ? handedInto : null, legs, failure));
    }

    /**
     * The hand-over failed because the caller is gone (a bridge-with party that hung up at that instant): the dial was
     * cancelled by its caller, even if the caller's end has not reached this executor yet.
     */
    private boolean isCallerGone(Throwable t) {
        return caller != null && t instanceof NoSuchChannelException n && caller.id().equals(n.channelId());
    }

    /** The legs created and not yet ended, for {@link #legs()}. */
    private void publishLiveLegs() {
        List<Channel> now = new ArrayList<>(live);
        for (DialAttempt a : attempts) {
            if (a.channel != null && !a.ended) {
                now.add(a.channel);
            }
        }
        liveLegs = List.copyOf(now);
    }

    /** Every group was tried: NO_ANSWER if any leg rang out, else BUSY if any was busy or at its usage limit, else FAILED. */
    private DialOutcome summary() {
        boolean busy = false;
        for (DialAttempt a : attempts) {
            if (a.outcome == LegOutcome.NO_ANSWER) {
                return DialOutcome.NO_ANSWER;
            }
            busy |= a.outcome == LegOutcome.BUSY || a.cause == HangupCause.USER_BUSY; // incl. an endpoint limit
        }
        return busy ? DialOutcome.BUSY : DialOutcome.FAILED;
    }

    // ---- helpers ----

    /** A timer on this executor; if the core's scheduler refuses it (shut down), the dial ends FAILED, not never. */
    private OwnedTimer later(Duration delay, Runnable task) {
        OwnedTimer timer = new OwnedTimer(executor, sb.runtime().scheduler());
        try {
            timer.arm(delay.toNanos(), task);
        } catch (RejectedExecutionException shutDown) {
            executor.execute(() -> timerRefused(shutDown)); // not now: the caller may be launching a group's legs
        }
        return timer;
    }

    private void timerRefused(RejectedExecutionException e) {
        if (phase == Phase.STARTING || phase == Phase.RINGING) {
            failure = new CommandRejectedException(CommandRejectedException.Reason.SHUTTING_DOWN,
                    "dial stopped: the core's scheduler refused a timer (" + e.getMessage() + ")");
            stop(DialOutcome.FAILED, HangupCause.SYSTEM_SHUTDOWN);
        }
    }

    private static void cancel(OwnedTimer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    @Override
    public String toString() {
        return "Dial[" + executor.label() + "]";
    }
}
