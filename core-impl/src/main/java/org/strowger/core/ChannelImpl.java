package org.strowger.core;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.AfterBridge;
import org.strowger.api.Application;
import org.strowger.api.Channel;
import org.strowger.api.ChannelEvent;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.Direction;
import org.strowger.api.FrameTap;
import org.strowger.api.HangupCause;
import org.strowger.api.InboundCallHandler;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OwnerKind;
import org.strowger.api.Party;
import org.strowger.api.StrowgerException;
import org.strowger.api.event.BridgeLeft;
import org.strowger.api.event.ChannelCreated;
import org.strowger.api.event.ChannelDestroyed;
import org.strowger.api.event.ChannelHungUp;
import org.strowger.api.event.ChannelRef;
import org.strowger.api.event.ChannelStateChanged;
import org.strowger.api.event.DialBegan;
import org.strowger.api.event.DialEnded;
import org.strowger.api.event.DialOutcome;
import org.strowger.api.event.DtmfBegan;
import org.strowger.api.event.DtmfDirection;
import org.strowger.api.event.DtmfEnded;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.Owner;
import org.strowger.api.event.OwnerChanged;
import org.strowger.api.event.VariableSet;
import org.strowger.api.frame.ComfortNoiseFrame;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.DtmfBegin;
import org.strowger.api.frame.DtmfDigit;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.Frame;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.NullFrame;
import org.strowger.api.frame.TextFrame;
import org.strowger.spi.BridgePeer;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;

/*
 * A channel: its handle (Channel), its registry entry, and its state, which only its SerialExecutor touches. There is
 * no lock anywhere: public methods validate arguments on the calling thread and queue a ChannelCommand; everything
 * else runs on the executor. After each change the executor publishes an immutable ChannelSnapshot through a
 * volatile field, which is how other threads read the channel.
 *
 * Lifecycle, all on the executor: the first task creates the tech side (newChannel, or the inbound factory and
 * routing); hang-up is one task that tells the tech (hangup), the owner (HungUp, onDetach), closes the tech side,
 * then destroys: state DESTROYED, executor closed (queued commands are rejected, not lost), registry entry removed
 * and counters released exactly once. After destroy the object drops its tech and owner references, so a handle kept
 * forever holds only the final snapshot.
 *
 * Faults: every callback into the tech or the owner application is guarded; a throw hangs this channel up with
 * TECH_FAULT or APPLICATION_FAULT and logs one line; the pool thread and other channels are unaffected.
 *
 * Ownership: none, an application, or a bridge; the channel's side of the bridge protocol (reserve, commit, leave,
 * swap lock; see BridgeImpl) runs here too, so the owner field is only ever written on this executor. In a bridge,
 * frames from the tech go to the two-party peer's write() directly or to the bridge's mixer, and feature-code digits
 * are matched here before they are passed on. Frame taps sit on both frame paths.
 *
 * Events: the channel's stream is written here, on the executor, where each change happens: ChannelCreated by the
 * first task, then state changes, variables, DTMF, dials, hand-overs (OwnerChanged, one per hand-over), and at the
 * end ChannelHungUp and ChannelDestroyed, so its sequence numbers are 1..n in order. Each site counts the sequence
 * and builds the record only if a subscription may want it (announce), so with no subscriber an event is one
 * increment and one volatile read. Media frames never produce events.
 */
final class ChannelImpl implements Channel, ChannelRegistry.Entry, EndpointLimits.Holder {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelImpl.class);
    private static final java.lang.invoke.VarHandle USAGE;

    static {
        try {
            USAGE = java.lang.invoke.MethodHandles.lookup().findVarHandle(ChannelImpl.class, "usage",
                    EndpointLimits.Counter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final Duration MAX_DTMF = DtmfEnd.MAX_DURATION;
    private static final Duration MAX_SCHEDULE = Duration.ofHours(24);

    final CoreImpl core;
    final TechRegistration tech;
    final SerialExecutor executor;
    final TechSink sink;
    private final ChannelId id;
    private final String name;
    private final Direction direction;
    private final ChannelId linkedId;
    private final String destination;
    private final long createdAt;
    // The endpoint for usage limits: an explicit key, else tech/endpointResource; neither: it counts on none.
    private final String endpoint;
    private final String endpointResource;
    // The endpoint counter this channel holds (EndpointLimits.Holder): written by CAS from any thread.
    private volatile EndpointLimits.Counter usage;

    // Owned by the executor.
    private TechChannel techChannel;
    private ChannelState state;
    private Variables variables;
    private Application app;
    private Party caller;
    private Party connected = Party.UNKNOWN;
    private HangupCause cause;
    private long answeredAt;
    private long endedAt;
    private long version;
    private BridgeImpl bridge;
    private JoinOptions bridgeOptions;
    private Application returnApp;
    private BridgeImpl pendingBridge;
    private BridgeImpl lockedForSwap;
    private long pendingToken;
    private long ownershipTokens;
    private ChannelImpl peer;
    private boolean mixing;
    private Taps taps;
    private java.util.Map<String, org.strowger.api.DtmfHook> hooks = java.util.Map.of();
    private String heldDigits = "";
    private long heldEpoch;
    private java.util.List<Runnable> endWatchers;
    private CoreScheduler.Cancellable absoluteTimer;
    private long absoluteEpoch;
    private long eventSequence;
    private Object reportedOwner; // the Application or BridgeImpl the last OwnerChanged reported; null for none
    private OpenDial openDial;

    private volatile ChannelSnapshot snapshot;
    private volatile Variables publishedVariables;

    ChannelImpl(CoreImpl core, TechRegistration tech, ChannelId id, String name, Direction direction,
            String destination, ChannelId linkedId, Party caller, Variables variables, String endpoint,
            String endpointResource, EndpointLimits.Counter usage) {
        this.core = core;
        this.endpoint = endpoint;
        this.endpointResource = endpointResource;
        USAGE.set(this, usage); // plain: the registry publishes the channel
        this.tech = tech;
        this.id = id;
        this.name = name;
        this.direction = direction;
        this.destination = destination;
        this.linkedId = linkedId;
        this.caller = caller;
        this.variables = variables;
        this.state = direction == Direction.OUTBOUND ? ChannelState.DOWN : ChannelState.RING;
        this.createdAt = core.scheduler().currentTimeMillis();
        this.executor = new SerialExecutor(core.executorSettings(), id, true);
        this.sink = new TechSink(this);
        publish();
    }

    // ---- handle: identity and snapshot ----

    @Override
    public ChannelId id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String techName() {
        return tech.name;
    }

    @Override
    public Direction direction() {
        return direction;
    }

    @Override
    public ChannelId linkedId() {
        return linkedId;
    }

    @Override
    public ChannelSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public boolean inExecutor() {
        return executor.inExecutor();
    }

    @Override
    public long mediaFramesDropped() {
        return executor.mediaDropped();
    }

    Variables publishedVariables() {
        return publishedVariables;
    }

    // ---- endpoint usage (any thread; see EndpointLimits) ----

    @Override
    public EndpointLimits.Counter heldCounter() {
        return usage;
    }

    @Override
    public boolean casHeldCounter(EndpointLimits.Counter expect, EndpointLimits.Counter update) {
        return USAGE.compareAndSet(this, expect, update);
    }

    @Override
    public EndpointLimits.Counter swapReleased() {
        return (EndpointLimits.Counter) USAGE.getAndSet(this, EndpointLimits.RELEASED);
    }

    @Override
    public boolean countsOn(String key) {
        if (endpoint != null) {
            return endpoint.equals(key);
        }
        if (endpointResource == null) {
            return false;
        }
        String t = tech.name;
        return key.length() == t.length() + 1 + endpointResource.length() && key.startsWith(t)
                && key.charAt(t.length()) == '/' && key.startsWith(endpointResource, t.length() + 1);
    }

    /** The endpoint key this channel counts on, or null if none. */
    String endpointKey() {
        return EndpointLimits.key(tech.name, endpoint, endpointResource);
    }

    /** This channel as events name it. Any thread. */
    ChannelRef ref() {
        return new ChannelRef(id, name, linkedId);
    }

    // ---- handle: commands (any thread) ----

    @Override
    public CompletionStage<Void> call() {
        return submit(f -> {
            if (direction != Direction.OUTBOUND || state != ChannelState.DOWN) {
                throw wrongState("call", "an outbound channel in state DOWN");
            }
            changeState(ChannelState.DIALING);
            completeAfterTechCall(f, "call", () -> techChannel.call());
        });
    }

    @Override
    public CompletionStage<Void> answer() {
        return submit(f -> {
            if (direction != Direction.INBOUND || state != ChannelState.RING) {
                throw wrongState("answer", "an inbound channel in state RING");
            }
            Throwable t = techCall("answer", () -> techChannel.answer());
            if (t == null) {
                answeredAt = core.scheduler().currentTimeMillis();
                changeState(ChannelState.UP);
                f.succeed(null);
            } else {
                f.fail(callbackFailed("answer", t));
            }
        });
    }

    @Override
    public CompletionStage<Void> hangup(HangupCause hangupCause) {
        if (hangupCause == null) {
            throw new InvalidArgumentException("hangup cause must not be null");
        }
        return submit(f -> {
            hangupNow(hangupCause);
            f.succeed(null);
        });
    }

    @Override
    public CompletionStage<Void> indicate(Control control) {
        if (control == null) {
            throw new InvalidArgumentException("control must not be null");
        }
        if (control == Control.CONNECTED_LINE) {
            throw new InvalidArgumentException("use updateConnectedLine(Party) for CONNECTED_LINE");
        }
        ControlFrame frame = ControlFrame.of(control);
        return submit(f -> completeAfterTechCall(f, "indicate", () -> techChannel.indicate(frame)));
    }

    @Override
    public CompletionStage<Void> updateConnectedLine(Party party) {
        if (party == null) {
            throw new InvalidArgumentException("party must not be null");
        }
        ControlFrame frame = ControlFrame.connectedLine(party);
        return submit(f -> {
            connected = party;
            publish();
            completeAfterTechCall(f, "indicate", () -> techChannel.indicate(frame));
        });
    }

    @Override
    public CompletionStage<Void> sendDtmf(char digit, Duration duration) {
        char d = DtmfDigit.check(digit);
        if (duration == null || duration.isNegative() || duration.compareTo(MAX_DTMF) > 0) {
            throw new InvalidArgumentException("DTMF duration must be 0..60 s");
        }
        return submit(f -> {
            announceDtmfBegan(DtmfDirection.SENT, d);
            Throwable t = techCall("dtmfBegin", () -> techChannel.dtmfBegin(d));
            if (t != null) {
                f.fail(callbackFailed("dtmfBegin", t));
                return;
            }
            ChannelCommand<Void> end = new ChannelCommand<>(this, g -> {
                announceDtmfEnded(DtmfDirection.SENT, d, duration);
                completeAfterTechCall(g, "dtmfEnd", () -> techChannel.dtmfEnd(d, duration));
            }, f);
            core.scheduler().schedule(() -> {
                if (!executor.execute(end)) {
                    end.reject();
                }
            }, duration.toNanos(), TimeUnit.NANOSECONDS);
        });
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        TextFrame frame = new TextFrame(text);
        return submit(f -> completeAfterTechCall(f, "sendText", () -> techChannel.sendText(frame.text())));
    }

    @Override
    public boolean write(Frame frame) {
        if (frame == null) {
            throw new InvalidArgumentException("frame must not be null");
        }
        if (frame instanceof MediaFrame) {
            return executor.executeMedia(() -> writeToTech(frame));
        }
        return executor.execute(() -> writeToTech(frame));
    }

    /** A two-party peer's media, from the peer's batch: runs here at once if this executor is idle. */
    void writeFromPeer(MediaFrame frame) {
        executor.executeMediaInline(() -> writeToTech(frame));
    }

    private void writeToTech(Frame written) {
        if (state.isEnded()) {
            return;
        }
        Frame frame = tapped(FrameTap.Direction.WRITE, written);
        switch (frame) {
            case null -> {
            }
            case MediaFrame m -> techCall("write", () -> techChannel.write(m));
            case DtmfBegin b -> {
                announceDtmfBegan(DtmfDirection.SENT, b.digit());
                techCall("dtmfBegin", () -> techChannel.dtmfBegin(b.digit()));
            }
            case DtmfEnd e -> {
                announceDtmfEnded(DtmfDirection.SENT, e.digit(), e.duration());
                techCall("dtmfEnd", () -> techChannel.dtmfEnd(e.digit(), e.duration()));
            }
            case ControlFrame c -> {
                if (c.control() == Control.CONNECTED_LINE) {
                    connected = c.party();
                    publish();
                }
                techCall("indicate", () -> techChannel.indicate(c));
            }
            case TextFrame t -> techCall("sendText", () -> techChannel.sendText(t.text()));
            case ComfortNoiseFrame cng -> techCall("comfortNoise", () -> techChannel.comfortNoise(cng));
            case NullFrame n -> {
            }
        }
    }

    private Frame tapped(FrameTap.Direction direction, Frame frame) {
        return taps == null || taps.isEmpty() ? frame : taps.apply(this, direction, frame);
    }

    @Override
    public CompletionStage<Void> setVariable(String varName, String value) {
        Variables.check(varName, value);
        return submit(f -> {
            variables = variables.with(varName, value);
            publish();
            if (announce(EventKind.VARIABLE_SET)) {
                core.events.publish(new VariableSet(id, name, linkedId, eventSequence, now(), varName, value));
            }
            f.succeed(null);
        });
    }

    @Override
    public CompletionStage<Void> attach(Application application) {
        if (application == null) {
            throw new InvalidArgumentException("application must not be null");
        }
        return submit(f -> {
            checkNoOwnershipChange("attach");
            if (app == application) {
                f.succeed(null);
                return;
            }
            if (bridge != null) { // a redirect: leave the bridge without its after-bridge policy
                leaveBridgeQuietly(BridgeLeft.Reason.REDIRECTED);
                returnApp = null;
            } else if (app != null) {
                askRelease(application.name());
                detachApp(Application.DetachReason.HANDED_OVER);
                if (state.isEnded()) {
                    f.fail(goneException());
                    return;
                }
            }
            attachNow(application);
            if (state.isEnded()) {
                f.fail(goneException());
            } else {
                f.succeed(null);
            }
        });
    }

    @Override
    public CompletionStage<Void> detach() {
        return submit(f -> {
            checkNoOwnershipChange("detach");
            if (app == null) {
                throw wrongState("detach", "a channel owned by an application");
            }
            detachApp(Application.DetachReason.DETACHED);
            announceOwner();
            f.succeed(null);
        });
    }

    @Override
    public CompletionStage<org.strowger.api.TapHandle> addTap(FrameTap tap) {
        if (tap == null) {
            throw new InvalidArgumentException("tap must not be null");
        }
        return submit(f -> {
            if (taps == null) {
                taps = new Taps();
            }
            taps.add(tap);
            f.succeed(() -> {
                CommandFuture<Void> removed = CommandFuture.forCaller(core.pool());
                executor.executeOrElse(() -> {
                    if (taps != null) {
                        taps.remove(ChannelImpl.this, tap, FrameTap.CloseReason.REMOVED);
                    }
                    removed.succeed(null);
                }, () -> removed.succeed(null)); // rejected: closed by the hang-up already
                return removed;
            });
        });
    }

    @Override
    public CompletionStage<Void> execute(Runnable task) {
        if (task == null) {
            throw new InvalidArgumentException("task must not be null");
        }
        return submit(f -> {
            task.run();
            f.succeed(null);
        });
    }

    @Override
    public org.strowger.api.Cancellable schedule(Duration delay, Runnable task) {
        if (delay == null || delay.isNegative() || delay.compareTo(MAX_SCHEDULE) > 0) {
            throw new InvalidArgumentException("delay must be 0 .. 24 h");
        }
        if (task == null) {
            throw new InvalidArgumentException("task must not be null");
        }
        boolean[] cancelled = new boolean[1]; // written and read on this executor only
        CoreScheduler.Cancellable timer = core.scheduler().schedule(() -> executor.execute(() -> {
            if (!cancelled[0] && !state.isEnded()) {
                Throwable t = guarded(task);
                if (t != null) {
                    LOG.warn("channel {}: a scheduled task threw {}; ignored", id, LogText.escape(String.valueOf(t)));
                }
            }
        }), delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> {
            boolean stopped = timer.cancel();
            executor.execute(() -> cancelled[0] = true);
            return stopped;
        };
    }

    @Override
    public CompletionStage<Void> setAbsoluteTimeout(Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.compareTo(MAX_SCHEDULE) > 0)) {
            throw new InvalidArgumentException("absolute timeout must be 0 (none) .. 24 h, or null (none)");
        }
        return submit(f -> {
            long epoch = ++absoluteEpoch; // a timer of an earlier setting that fires anyway finds it stale
            if (absoluteTimer != null) {
                absoluteTimer.cancel();
                absoluteTimer = null;
            }
            if (timeout != null && !timeout.isZero()) {
                absoluteTimer = core.scheduler().schedule(() -> executor.execute(() -> {
                    if (absoluteEpoch == epoch) {
                        hangupNow(HangupCause.ALLOTTED_TIMEOUT);
                    }
                }), timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            f.succeed(null);
        });
    }

    private <T> CompletionStage<T> submit(ChannelCommand.Body<T> body) {
        CommandFuture<T> f = CommandFuture.forCaller(core.pool());
        if (!executor.execute(new ChannelCommand<>(this, body, f))) {
            f.fail(goneException());
        }
        return f;
    }

    // ---- lifecycle (executor) ----

    /** First task of an outbound channel. */
    void startOutbound(OutboundSetup setup) {
        announceCreated();
        try {
            techChannel = tech.tech.newChannel(setup, sink);
        } catch (Throwable t) {
            techFault("newChannel", t);
            return;
        }
        if (techChannel == null) {
            techFault("newChannel", new NullPointerException("newChannel returned null"));
        }
    }

    /** First task of an inbound channel. */
    void startInbound(Function<ChannelSink, TechChannel> factory, InboundCallHandler handler) {
        announceCreated();
        try {
            techChannel = factory.apply(sink);
        } catch (Throwable t) {
            techFault("inbound factory", t);
            return;
        }
        if (techChannel == null) {
            techFault("inbound factory", new NullPointerException("the inbound factory returned null"));
            return;
        }
        if (handler == null) {
            LOG.info("channel {}: no inbound-call handler is configured; rejecting with NO_ROUTE_DESTINATION", id);
            hangupNow(HangupCause.NO_ROUTE_DESTINATION);
            return;
        }
        Application[] routed = new Application[1];
        Throwable t = guarded(() -> routed[0] = handler.route(this));
        if (t != null) {
            fault("inbound-call handler", "route", t, HangupCause.APPLICATION_FAULT);
        } else if (routed[0] == null) {
            hangupNow(HangupCause.NO_ROUTE_DESTINATION);
        } else {
            attachNow(routed[0]);
        }
    }

    boolean isEndedOnExecutor() {
        return state.isEnded();
    }

    /** Hangs up, tells everyone once, closes and destroys. No-op if already hung up. Executor only. */
    void hangupNow(HangupCause hangupCause) {
        if (state.isEnded()) {
            return;
        }
        cause = hangupCause;
        endedAt = core.scheduler().currentTimeMillis();
        state = ChannelState.HUNG_UP;
        publish();
        if (openDial != null) {
            endDial(DialOutcome.of(hangupCause, answeredAt != 0), hangupCause);
        }
        if (announce(EventKind.HUNG_UP)) {
            core.events.publish(new ChannelHungUp(id, name, linkedId, eventSequence, endedAt, hangupCause));
        }
        TechChannel tc = techChannel;
        if (tc != null) {
            logQuietly("hangup", guarded(() -> tc.hangup(hangupCause)));
        }
        if (app != null) {
            Application a = app;
            logQuietly("onEvent", guarded(() -> a.onEvent(this, new ChannelEvent.HungUp(hangupCause))));
            detachApp(Application.DetachReason.HANGUP);
        }
        if (bridge != null) {
            bridge.memberGone(this, BridgeLeft.Reason.HUNG_UP);
        }
        if (pendingBridge != null) {
            pendingBridge.memberGone(this, BridgeLeft.Reason.HUNG_UP);
        }
        if (taps != null) {
            taps.closeAll(this);
        }
        if (endWatchers != null) {
            endWatchers.forEach(Runnable::run);
            endWatchers = null;
        }
        if (tc != null) {
            logQuietly("close", guarded(tc::close));
        }
        destroy();
    }

    private void destroy() {
        if (absoluteTimer != null) {
            absoluteTimer.cancel(); // the timer must not keep a destroyed channel reachable for up to 24 h
            absoluteTimer = null;
        }
        state = ChannelState.DESTROYED;
        techChannel = null;
        app = null;
        returnApp = null;
        bridge = null;
        pendingBridge = null;
        lockedForSwap = null;
        peer = null;
        reportedOwner = null;
        openDial = null;
        publish();
        if (announce(EventKind.CHANNEL_DESTROYED)) {
            core.events.publish(new ChannelDestroyed(id, name, linkedId, eventSequence, now()));
        }
        executor.close();
        core.destroyed(this);
    }

    // ---- upcalls from the tech (executor; queued by TechSink) ----

    void remoteControl(ControlFrame frame) {
        if (state.isEnded()) {
            return;
        }
        switch (frame.control()) {
            case ANSWER -> remoteAnswered();
            case RINGING -> {
                if (direction == Direction.OUTBOUND && state == ChannelState.DIALING) {
                    changeState(ChannelState.RINGING);
                }
                emit(new ChannelEvent.ControlReceived(frame));
            }
            case CONNECTED_LINE -> {
                connected = frame.party();
                publish();
                emit(new ChannelEvent.ControlReceived(frame));
            }
            default -> emit(new ChannelEvent.ControlReceived(frame));
        }
        if (frame.control() != Control.ANSWER) {
            toPeer(frame); // ringing, progress, hold... reach the other party of a two-party bridge
        }
    }

    /**
     * Feature-code matching for a bridge member: digits are held while they may still start a registered sequence;
     * a match runs the hook on the bridge, a mismatch or the interdigit timeout passes the held digits on as keyed
     * (each as a begin/end pair; begins are not forwarded while hooks are set).
     */
    private void matchFeature(DtmfEnd e) {
        String candidate = heldDigits + e.digit();
        if (hooks.containsKey(candidate)) {
            heldDigits = "";
            heldEpoch++;
            bridge.fireDtmfHook(this, candidate);
            return;
        }
        for (String seq : hooks.keySet()) {
            if (seq.startsWith(candidate)) {
                heldDigits = candidate;
                long epoch = ++heldEpoch;
                core.scheduler().schedule(() -> executor.execute(() -> {
                    if (heldEpoch == epoch) {
                        releaseHeldDigits(e.duration());
                    }
                }), org.strowger.api.Bridge.DTMF_INTERDIGIT_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
                return;
            }
        }
        heldDigits = candidate;
        releaseHeldDigits(e.duration());
    }

    private void releaseHeldDigits(Duration duration) {
        String digits = heldDigits;
        heldDigits = "";
        heldEpoch++;
        for (int i = 0; i < digits.length(); i++) {
            toPeer(new DtmfBegin(digits.charAt(i)));
            toPeer(new DtmfEnd(digits.charAt(i), duration));
        }
    }

    /** The bridge's feature codes changed (or were sent on joining). */
    void bridgeHooks(BridgeImpl from, java.util.Map<String, org.strowger.api.DtmfHook> newHooks) {
        executor.execute(() -> {
            if (bridge == from && !state.isEnded()) {
                hooks = newHooks;
            }
        });
    }

    /** In a two-party bridge, passes a non-media frame from the far end to the peer's tech. */
    private void toPeer(Frame frame) {
        if (peer != null) {
            peer.write(frame);
        }
    }

    /** The far end of an unanswered outbound call names a new destination: tell the owner, then hang up. */
    void remoteRedirected(String target) {
        if (state.isEnded()) {
            return;
        }
        if (direction != Direction.OUTBOUND || state == ChannelState.UP) {
            LOG.debug("channel {}: ignored a redirect upcall in state {}", id, state);
            return;
        }
        emit(new ChannelEvent.Redirected(target));
        hangupNow(HangupCause.REDIRECTED_TO_NEW_DESTINATION);
    }

    void remoteAnswered() {
        if (state.isEnded()) {
            return;
        }
        if (direction == Direction.OUTBOUND && (state == ChannelState.DIALING || state == ChannelState.RINGING)) {
            answeredAt = core.scheduler().currentTimeMillis();
            changeState(ChannelState.UP);
        } else {
            LOG.debug("channel {}: ignored an answer upcall in state {}", id, state);
        }
    }

    void remoteFrame(Frame read) {
        if (state.isEnded()) {
            return;
        }
        Frame frame = tapped(FrameTap.Direction.READ, read);
        switch (frame) {
            case null -> {
            }
            case MediaFrame m -> {
                Application a = app;
                if (a != null) {
                    appCall(a, "onMedia", () -> a.onMedia(this, m));
                } else if (peer != null) {
                    peer.writeFromPeer(m);
                } else if (mixing) {
                    bridge.mixIn(this, m);
                }
            }
            case DtmfBegin b -> {
                announceDtmfBegan(DtmfDirection.RECEIVED, b.digit());
                emit(new ChannelEvent.DtmfBegan(b.digit()));
                if (hooks.isEmpty()) {
                    toPeer(b);
                }
            }
            case DtmfEnd e -> {
                announceDtmfEnded(DtmfDirection.RECEIVED, e.digit(), e.duration());
                emit(new ChannelEvent.DtmfReceived(e.digit(), e.duration()));
                if (hooks.isEmpty()) {
                    toPeer(e);
                } else {
                    matchFeature(e);
                }
            }
            case ControlFrame c -> remoteControl(c);
            case TextFrame t -> {
                emit(new ChannelEvent.TextReceived(t.text()));
                toPeer(t);
            }
            case ComfortNoiseFrame cng -> {
            }
            case NullFrame n -> {
            }
        }
    }

    void runTechTask(Runnable task) {
        if (!state.isEnded()) {
            techCall("execute", task);
        }
    }

    // ---- bridge ownership protocol (see BridgeImpl; each step runs on this channel's executor) ----

    /**
     * Step 1: reserve this channel for {@code target}. {@code from} is the bridge it must be in (a move), or null:
     * then with {@code fromAnywhere} it may be in any bridge or none (a swap-in), else in none (a join). Options null
     * keep the current ones (moves only).
     */
    void reserveOwnership(BridgeImpl target, BridgeImpl from, boolean fromAnywhere, ChannelImpl replaces,
            JoinOptions options, CommandFuture<Void> f) {
        if (!executor.execute(new ChannelCommand<>(this, g -> {
            checkNoOwnershipChange("a bridge change");
            BridgeImpl source = fromAnywhere ? bridge : from;
            if (from != null && bridge != from) {
                throw wrongState("move", "a member of bridge " + from.id());
            }
            if (from == null && !fromAnywhere && bridge != null) {
                throw new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE,
                        "channel " + id + " is already in bridge " + bridge.id() + "; use move");
            }
            if (source == target) {
                throw new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE,
                        "channel " + id + " is already in bridge " + target.id());
            }
            if (source == null && app != null) {
                askRelease("bridge " + target.id());
            }
            pendingBridge = target;
            pendingToken = ++ownershipTokens;
            target.admit(this, pendingToken, options != null ? options
                    : bridgeOptions != null ? bridgeOptions : JoinOptions.HANG_UP_AFTER, source, replaces, g);
        }, f))) {
            f.fail(goneException());
        }
    }

    /**
     * Swap step 0: lock this member of {@code b} so nothing else moves it while another channel is brought in to
     * replace it; then run {@code next} (which reserves the incoming channel). Only a hang-up can take it away now.
     */
    void lockForSwap(BridgeImpl b, boolean mustRing, Runnable next, CommandFuture<Void> f) {
        if (!executor.execute(new ChannelCommand<>(this, g -> {
            checkNoOwnershipChange("a swap");
            if (bridge != b) {
                throw wrongState("swap", "a member of bridge " + b.id());
            }
            if (mustRing && !(direction == Direction.OUTBOUND
                    && (state == ChannelState.DIALING || state == ChannelState.RINGING))) {
                throw wrongState("pickup", "an outbound channel that is still ringing");
            }
            lockedForSwap = b;
            next.run();
        }, f))) {
            f.fail(goneException());
        }
    }

    /** The swap failed before this member was replaced: release the lock. */
    void unlockSwap(BridgeImpl b) {
        executor.execute(() -> {
            if (lockedForSwap == b) {
                lockedForSwap = null;
            }
        });
    }

    /**
     * Runs {@code action} on this channel's executor with its owning application (null if none), unless the channel
     * has hung up by then, in which case {@code f} fails with the channel's "gone" error. Any thread.
     */
    <T> void withApplication(java.util.function.Consumer<Application> action, CommandFuture<T> f) {
        if (!executor.execute(new ChannelCommand<>(this, g -> action.accept(app), f))) {
            f.fail(goneException());
        }
    }

    /**
     * Runs {@code onEnd} once when this channel hangs up (at once if it has). Internal watchers only post messages.
     * Any thread.
     */
    void watchEnd(Runnable onEnd) {
        executor.executeOrElse(() -> {
            if (state.isEnded()) {
                onEnd.run();
                return;
            }
            if (endWatchers == null) {
                endWatchers = new java.util.ArrayList<>(2);
            }
            endWatchers.add(onEnd);
        }, onEnd);
    }

    /**
     * Forgets {@code onEnd} (the same instance given to {@link #watchEnd}), so a watcher that is no longer interested
     * does not stay reachable from a long-lived channel. Harmless if it already ran or was never added. Any thread.
     */
    void unwatchEnd(Runnable onEnd) {
        executor.execute(() -> {
            if (endWatchers != null) {
                endWatchers.remove(onEnd);
            }
        });
    }

    /** The bridge refused: drop the reservation. */
    void cancelReservation(BridgeImpl target, long token) {
        executor.execute(() -> {
            if (pendingBridge == target && pendingToken == token) {
                pendingBridge = null;
            }
        });
    }

    /** Step 3: make {@code target} the owner, leaving the application or the previous bridge; then activate. */
    void commitOwnership(BridgeImpl target, long token, BridgeImpl from, JoinOptions options, CommandFuture<Void> f) {
        executor.executeOrElse(() -> {
            if (pendingBridge != target || pendingToken != token || state.isEnded()) {
                target.abandon(ChannelImpl.this, token);
                f.fail(goneException());
                return;
            }
            pendingBridge = null;
            if (from != null) {
                leaveBridgeQuietly(BridgeLeft.Reason.MOVED);
            } else {
                // null if none: RETURN_TO_APPLICATION then parks; so does a dial's winner (its leg app is done)
                returnApp = app instanceof DialLegApp ? null : app;
                if (app != null) {
                    detachApp(Application.DetachReason.HANDED_OVER);
                }
            }
            if (state.isEnded()) { // unbridged or onDetach threw: the channel hung up (and is gone) before it joined
                target.abandon(ChannelImpl.this, token);
                f.fail(goneException());
                return;
            }
            bridge = target;
            bridgeOptions = options;
            publish();
            announceOwner();
            target.activate(ChannelImpl.this, token);
        }, () -> {
            target.abandon(ChannelImpl.this, token);
            f.fail(goneException());
        });
    }

    /** The bridge removed this channel; apply the after-bridge policy. {@code f} (may be null) completes after. */
    void leftBridge(BridgeImpl from, BridgeImpl.Leave why, HangupCause kickCause, CommandFuture<Void> f) {
        executor.executeOrElse(() -> {
            if (bridge == from && !state.isEnded()) {
                clearBridge();
                if (state.isEnded()) { // unbridged threw: the channel has hung up instead of following its policy
                    if (f != null) {
                        f.succeed(null);
                    }
                    return;
                }
                publish();
                if (why == BridgeImpl.Leave.KICK) {
                    hangupNow(kickCause);
                } else if (why == BridgeImpl.Leave.ABORTED) {
                    Application back = returnApp; // the join failed: back to where it was, no policy
                    returnApp = null;
                    if (back != null) {
                        attachNow(back);
                    }
                } else {
                    afterBridge();
                }
                announceOwner(); // parked, or left without an application to return to
            }
            if (f != null) {
                f.succeed(null);
            }
        }, () -> {
            if (f != null) {
                f.succeed(null); // the channel is gone: it has left the bridge anyway
            }
        });
    }

    /** Where this member's media goes now: a peer (two-party), the bridge (mixing) or nowhere. */
    void bridgeTopology(BridgeImpl from, ChannelImpl newPeer, boolean newMixing) {
        executor.execute(() -> {
            if (bridge != from || state.isEnded()) {
                return;
            }
            org.strowger.api.BridgeSnapshot now = from.snapshot();
            if (newPeer != null && (now.destroyed() || !now.members().contains(id))) {
                return; // the bridge has moved on since (this channel's leftBridge is on its way): never tell a tech
            }
            setPeer(newPeer);
            mixing = newMixing;
        });
    }

    private void setPeer(ChannelImpl newPeer) {
        if (peer == newPeer) {
            return;
        }
        if (peer != null) {
            techCall("unbridged", () -> techChannel.unbridged());
        }
        peer = newPeer;
        if (newPeer != null && !state.isEnded()) {
            BridgePeer info = new BridgePeer(newPeer.id(), newPeer.techName());
            techCall("bridged", () -> techChannel.bridged(info));
        }
    }

    /** Leaves the current bridge with no after-bridge policy (moves and redirects). */
    private void leaveBridgeQuietly(BridgeLeft.Reason why) {
        BridgeImpl old = bridge;
        clearBridge();
        old.memberGone(this, why);
    }

    private void clearBridge() {
        setPeer(null);
        mixing = false;
        bridge = null;
        lockedForSwap = null;
        hooks = java.util.Map.of();
        heldDigits = "";
        heldEpoch++;
    }

    private void afterBridge() {
        AfterBridge policy = bridgeOptions == null ? AfterBridge.HANG_UP : bridgeOptions.afterBridge();
        Application back = returnApp;
        returnApp = null;
        switch (policy) {
            case HANG_UP -> hangupNow(HangupCause.NORMAL_CLEARING);
            case RETURN_TO_APPLICATION -> {
                if (back != null) {
                    attachNow(back);
                }
            }
            case PARK -> {
            }
        }
    }

    /**
     * Asks the owning application to let go for {@code requester}. Throws OWNER_REFUSED if it refuses; if it throws,
     * the channel is hung up (APPLICATION_FAULT) and the failure is thrown on.
     */
    private void askRelease(String requester) {
        Application current = app;
        boolean[] release = new boolean[1];
        Throwable t = appCall(current, "onReleaseRequest",
                () -> release[0] = current.onReleaseRequest(this, requester));
        if (t != null) {
            throw new StrowgerException("application callback onReleaseRequest of channel " + id
                    + " threw; the channel was hung up with " + cause, t);
        }
        if (!release[0]) {
            throw new CommandRejectedException(CommandRejectedException.Reason.OWNER_REFUSED,
                    "application " + LogText.escape(current.name()) + " refused to release " + id);
        }
    }

    private void checkNoOwnershipChange(String what) {
        if (lockedForSwap != null) {
            throw new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE, what + " of channel " + id
                    + " conflicts with its replacement in bridge " + lockedForSwap.id() + ", which is in progress");
        }
        if (pendingBridge != null) {
            throw new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE, what + " of channel " + id
                    + " conflicts with its move into bridge " + pendingBridge.id() + ", which is in progress");
        }
    }

    // ---- ownership (executor) ----

    private void attachNow(Application application) {
        app = application;
        publish();
        announceOwner();
        appCall(application, "onAttach", () -> application.onAttach(this));
    }

    private void detachApp(Application.DetachReason reason) {
        Application a = app;
        app = null;
        if (!state.isEnded()) {
            publish();
        }
        Throwable t = guarded(() -> a.onDetach(this, reason));
        if (t != null) {
            if (reason == Application.DetachReason.HANGUP) {
                logQuietly("onDetach", t);
            } else {
                fault("application " + LogText.escape(a.name()), "onDetach", t, HangupCause.APPLICATION_FAULT);
            }
        }
    }

    private void emit(ChannelEvent event) {
        Application a = app;
        if (a != null) {
            appCall(a, "onEvent", () -> a.onEvent(this, event));
        }
    }

    // ---- state and snapshots (executor) ----

    private void changeState(ChannelState to) {
        ChannelState from = state;
        state = to;
        publish();
        if (announce(EventKind.STATE_CHANGED)) {
            core.events.publish(new ChannelStateChanged(id, name, linkedId, eventSequence, now(), from, to));
        }
        emit(new ChannelEvent.StateChanged(from, to));
    }

    private void publish() {
        publishedVariables = variables;
        Application a = app;
        BridgeImpl b = bridge;
        OwnerKind kind = b != null ? OwnerKind.BRIDGE : a != null ? OwnerKind.APPLICATION : OwnerKind.NONE;
        String owner = b != null ? b.id().value() : a != null ? a.name() : "";
        snapshot = new ChannelSnapshot(id, name, tech.name, direction, destination, linkedId, state, caller, connected,
                variables.values, kind, owner, b == null ? null : b.id(), cause, createdAt, answeredAt, endedAt,
                ++version);
    }

    // ---- events (executor) ----

    /** Counts an event of this channel's stream; true if a subscription may want it (only then is it built). */
    private boolean announce(EventKind kind) {
        eventSequence++;
        return core.events.wants(kind, id, linkedId);
    }

    private long now() {
        return core.scheduler().currentTimeMillis();
    }

    private void announceCreated() {
        if (announce(EventKind.CHANNEL_CREATED)) {
            core.events.publish(new ChannelCreated(id, name, linkedId, eventSequence, createdAt, tech.name, direction,
                    destination, caller));
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("channel {} ({}): {} {} call to {} from \"{}\" <{}>", id, name, direction, tech.name,
                    LogText.escape(destination), LogText.escape(caller.name()), LogText.escape(caller.number()));
        }
    }

    private void announceDtmfBegan(DtmfDirection way, char digit) {
        if (announce(EventKind.DTMF_BEGAN)) {
            core.events.publish(new DtmfBegan(id, name, linkedId, eventSequence, now(), way, digit));
        }
    }

    private void announceDtmfEnded(DtmfDirection way, char digit, Duration duration) {
        if (announce(EventKind.DTMF_ENDED)) {
            core.events.publish(new DtmfEnded(id, name, linkedId, eventSequence, now(), way, digit, duration));
        }
    }

    /**
     * Reports a hand-over if the owner differs from the one last reported: called where a hand-over completes, so an
     * application handing the channel to a bridge (detach, then commit) is one event. Not after the hang-up.
     */
    private void announceOwner() {
        Object now = bridge != null ? bridge : app;
        if (now == reportedOwner || state.isEnded()) {
            return;
        }
        Object before = reportedOwner;
        reportedOwner = now;
        if (announce(EventKind.OWNER_CHANGED)) {
            core.events.publish(new OwnerChanged(id, name, linkedId, eventSequence, now(), owner(before), owner(now)));
        }
    }

    private static Owner owner(Object o) {
        if (o instanceof BridgeImpl b) {
            return Owner.bridge(b.id());
        }
        return o instanceof Application a ? Owner.application(String.valueOf(a.name())) : Owner.NONE;
    }

    /** A dial in progress on this leg: see {@link #publishDialBegin}. */
    private record OpenDial(ChannelImpl caller) {
    }

    /**
     * For the dialer: this channel is a leg dialled on behalf of {@code caller} (null for an originate) to
     * {@code target} (as the dialer got it; untrusted text). Emits DialBegan in this channel's stream. From any thread
     * it is queued on this channel's executor, in order with what the same thread queues next (so call it before the
     * leg's {@code call()}); on that executor it runs at once. Ignored if a dial is already open or the channel has
     * hung up.
     */
    void publishDialBegin(ChannelImpl caller, String target) {
        if (target == null) {
            throw new InvalidArgumentException("dial target must not be null");
        }
        onExecutor(() -> {
            if (openDial != null || state.isEnded()) {
                return;
            }
            openDial = new OpenDial(caller);
            if (announce(EventKind.DIAL_BEGAN)) {
                core.events.publish(new DialBegan(id, name, linkedId, eventSequence, now(),
                        caller == null ? null : caller.ref(), target));
            }
        });
    }

    /**
     * For the dialer: the dial of this leg ended with {@code outcome}; {@code cause} is the hang-up cause behind it,
     * or null. Emits DialEnded. Threading as {@link #publishDialBegin}; ignored if no dial is open. A leg that hangs
     * up with its dial still open ends it itself, with {@code DialOutcome.of(cause, answered)}, just before
     * ChannelHungUp, so every DialBegan has exactly one DialEnded.
     */
    void publishDialEnd(DialOutcome outcome, HangupCause cause) {
        if (outcome == null) {
            throw new InvalidArgumentException("dial outcome must not be null");
        }
        onExecutor(() -> {
            if (openDial != null && !state.isEnded()) {
                endDial(outcome, cause);
            }
        });
    }

    private void endDial(DialOutcome outcome, HangupCause hangupCause) {
        ChannelImpl caller = openDial.caller();
        openDial = null;
        if (announce(EventKind.DIAL_ENDED)) {
            core.events.publish(new DialEnded(id, name, linkedId, eventSequence, now(),
                    caller == null ? null : caller.ref(), outcome, hangupCause));
        }
    }

    private void onExecutor(Runnable r) {
        if (executor.inExecutor()) {
            r.run();
        } else {
            executor.execute(r);
        }
    }

    // ---- fault containment (executor) ----

    private static Throwable guarded(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                throw (VirtualMachineError) t;
            }
            return t;
        }
    }

    /** Runs a tech callback; on a throw, hangs up with TECH_FAULT and returns the throwable. */
    private Throwable techCall(String callback, Runnable r) {
        Throwable t = guarded(r);
        if (t != null) {
            techFault(callback, t);
        }
        return t;
    }

    private void techFault(String callback, Throwable t) {
        fault("tech " + tech.name, callback, t, HangupCause.TECH_FAULT);
    }

    /** Runs an application callback; on a throw, hangs up with APPLICATION_FAULT and returns the throwable. */
    private Throwable appCall(Application a, String callback, Runnable r) {
        Throwable t = guarded(r);
        if (t != null) {
            fault("application " + LogText.escape(a.name()), callback, t, HangupCause.APPLICATION_FAULT);
        }
        return t;
    }

    private void fault(String who, String callback, Throwable t, HangupCause hangupCause) {
        if (state.isEnded()) {
            logQuietly(callback, t);
            return;
        }
        LOG.warn("channel {} ({}): {} callback {} threw {}; hanging up with {}", id, name, who, callback,
                LogText.escape(String.valueOf(t)), hangupCause);
        LOG.debug("channel {}: stack of the fault", id, LogText.loggable(t));
        core.countFault();
        hangupNow(hangupCause);
    }

    private void logQuietly(String callback, Throwable t) {
        if (t != null) {
            LOG.warn("channel {} ({}): callback {} threw {} while hanging up; ignored", id, name, callback,
                    LogText.escape(String.valueOf(t)));
            core.countFault();
        }
    }

    private void completeAfterTechCall(CommandFuture<Void> f, String callback, Runnable r) {
        Throwable t = techCall(callback, r);
        if (t == null) {
            f.succeed(null);
        } else {
            f.fail(callbackFailed(callback, t));
        }
    }

    private StrowgerException callbackFailed(String callback, Throwable t) {
        return new StrowgerException("tech callback " + callback + " of channel " + id
                + " threw; the channel was hung up with " + cause, t);
    }

    private CommandRejectedException wrongState(String command, String needs) {
        return new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE,
                command + " needs " + needs + "; channel " + id + " is " + direction + " in state " + state);
    }

    /** The error for a command that reached a hung-up or destroyed channel. Any thread. */
    NoSuchChannelException goneException() {
        ChannelSnapshot s = snapshot;
        NoSuchChannelException.Reason r = s.state() == ChannelState.DESTROYED
                ? NoSuchChannelException.Reason.DESTROYED : NoSuchChannelException.Reason.HUNG_UP;
        return new NoSuchChannelException(id, r, "channel " + id + " was hung up (" + s.hangupCause() + ")"
                + (r == NoSuchChannelException.Reason.DESTROYED ? " and destroyed" : ""));
    }

    @Override
    public String toString() {
        return "Channel[" + id + ", " + name + "]";
    }
}
