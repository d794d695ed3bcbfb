package org.strowger.core.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.Application;
import org.strowger.api.BridgeId;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
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
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OwnerKind;
import org.strowger.api.Party;
import org.strowger.api.event.ChannelRef;
import org.strowger.api.event.DialStatus;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.DtmfDigit;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.Frame;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.TextFrame;
import org.strowger.api.media.ChannelMedia;
import org.strowger.api.media.CollectedDigits;
import org.strowger.api.media.DigitCollection;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.Playback;
import org.strowger.api.media.PlaybackResult;
import org.strowger.api.media.RecordOptions;
import org.strowger.api.media.Recording;
import org.strowger.core.admission.EndpointHold;
import org.strowger.core.exec.CommandFuture;
import org.strowger.core.exec.Contained;
import org.strowger.core.exec.OwnedTimer;
import org.strowger.core.exec.SerialExecutor;
import org.strowger.core.media.play.FrameSources;
import org.strowger.core.runtime.CoreRuntime;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;

/*
 * A channel: its handle (Channel), its registry entry, its side of the membership protocol (MemberSide), and its
 * state, which only its SerialExecutor touches. There is no lock anywhere: public methods check their arguments on
 * the calling thread and queue a ChannelCommand; everything else runs on the executor and asserts it. After each
 * change the executor publishes an immutable ChannelSnapshot through a volatile field, which is how other threads read
 * the channel. Methods other packages may call only post to the executor (post..., the Channel commands) or read
 * what is immutable or published; the rest is package-private.
 *
 * Lifecycle, on the executor: the first task creates the tech side (newChannel, or the inbound factory and routing);
 * hang-up is one task that tells the tech (hangup), the owner (HungUp, onDetach, or the bridge: Gone), closes the taps
 * and the tech side, then destroys: state DESTROYED, executor closed (queued commands are rejected, not lost), and the
 * core told, which removes the registry entry and releases every counter exactly once. After destroy the object drops
 * its tech and owner references, so a handle kept forever holds only the final snapshot.
 *
 * Collaborators on the same executor: ChannelOwnership (owner, change in progress, media route, feature codes),
 * FramePath (both frame paths), ChannelEvents (the event stream), FaultGuard (containment of callbacks), Taps,
 * ChannelLifecycle (start, hang-up, destroy), TechSink (the tech's upcalls), DigitSender (a DTMF digit being sent), and
 * the EndpointHold (the usage counter, which other threads may CAS).
 */
public final class ChannelImpl implements Channel, MemberSide, ChannelRegistry.Entry {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelImpl.class);
    private static final Duration MAX_DTMF = DtmfEnd.MAX_DURATION;
    private static final Duration MAX_SCHEDULE = Duration.ofHours(24);

    final ChannelHome home;
    final CoreRuntime rt;
    final TechRegistration tech;
    final SerialExecutor executor;
    final TechSink sink;
    private final ChannelId id;
    private final String name;
    private final Direction direction;
    private final ChannelId linkedId;
    final String destination;
    final long createdAt;
    private final EndpointHold endpoint;
    private final List<MediaFormat> offered; // what an inbound caller offered; immutable, usually empty

    // Owned by the executor.
    TechChannel techChannel;
    ChannelState state;
    private Variables variables;
    private final Party caller;
    private Party connected = Party.UNKNOWN;
    HangupCause cause;
    long answeredAt;
    long endedAt;
    private long version;
    final ChannelOwnership ownership = new ChannelOwnership(this);
    final ChannelEvents events;
    Taps taps;
    List<Runnable> endWatchers;
    ChannelMedia media = ChannelMedia.TRANSPARENT;
    CommandFuture<Void> answering; // an inbound answer the tech has not confirmed yet
    MediaServices services; // null until the channel uses one
    OwnedTimer absoluteTimer;

    private volatile ChannelSnapshot snapshot;
    private volatile Variables publishedVariables;

    public ChannelImpl(ChannelHome home, TechRegistration tech, ChannelId id, String name, Direction direction,
            String destination, ChannelId linkedId, Party caller, Variables variables, EndpointHold endpoint,
            List<MediaFormat> offered) {
        this.home = home;
        this.offered = offered;
        this.rt = home.runtime();
        this.tech = tech;
        this.id = id;
        this.name = name;
        this.direction = direction;
        this.destination = destination;
        this.linkedId = linkedId;
        this.caller = caller;
        this.variables = variables;
        this.endpoint = endpoint;
        this.state = direction == Direction.OUTBOUND ? ChannelState.DOWN : ChannelState.RING;
        this.createdAt = rt.now();
        this.executor = new SerialExecutor(rt.executors(), id, true); // held: released by the core once registered
        this.sink = new TechSink(this);
        this.events = new ChannelEvents(this, rt.events());
        publish();
    }

    // ---- identity and snapshot (any thread) ----

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
    public ChannelCore core() {
        return home.core();
    }

    @Override
    public boolean inExecutor() {
        return executor.inExecutor();
    }

    @Override
    public long mediaFramesDropped() {
        return executor.mediaDropped();
    }

    @Override
    public Channel handle() {
        return this;
    }

    @Override
    public ChannelRef ref() {
        return new ChannelRef(id, name, linkedId);
    }

    /** The executor, for the core to start it and read its queues. Its methods are thread-safe. */
    public SerialExecutor executor() {
        return executor;
    }

    /** The channel's endpoint claim, for usage limits. */
    public EndpointHold endpoint() {
        return endpoint;
    }

    /** The variables last published, for channels created on this one's behalf. */
    public Variables publishedVariables() {
        return publishedVariables;
    }

    /** The tech's registration. */
    public TechRegistration tech() {
        return tech;
    }

    // ---- commands (any thread) ----

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
            if (answering != null) {
                throw wrongState("answer", "an inbound channel whose answer is not already on its way");
            }
            Throwable t = FaultGuard.tech(this, "answer", () -> techChannel.answer());
            if (t == null) {
                answering = f; // UP, and f completes, when the tech confirms (TechSink), or f fails at the hang-up
            } else {
                f.fail(FaultGuard.commandFailed(this, "answer", t));
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
        return submit(f -> {
            if (rt.musicOnHold() != null && (control == Control.HOLD || control == Control.UNHOLD)) {
                services().hold(control == Control.HOLD); // the far end hears music instead of being told
                f.succeed(null);
            } else {
                completeAfterTechCall(f, "indicate", () -> techChannel.indicate(frame));
            }
        });
    }

    @Override
    public CompletionStage<Void> updateConnectedLine(Party party) {
        if (party == null) {
            throw new InvalidArgumentException("party must not be null");
        }
        ControlFrame frame = ControlFrame.connectedLine(party);
        return submit(f -> {
            connectedLine(party);
            completeAfterTechCall(f, "indicate", () -> techChannel.indicate(frame));
        });
    }

    @Override
    public CompletionStage<Void> sendDtmf(char digit, Duration duration) {
        char d = DtmfDigit.check(digit);
        if (duration == null || duration.isNegative() || duration.compareTo(MAX_DTMF) > 0) {
            throw new InvalidArgumentException("DTMF duration must be 0..60 s");
        }
        return submit(f -> DigitSender.send(this, d, duration, f));
    }

    @Override
    public Playback play(MediaSource source) {
        if (source == null) {
            throw new InvalidArgumentException("source must not be null");
        }
        FrameSources.check(source);
        ChannelPlayback p = new ChannelPlayback(this, source, false);
        executor.executeOrElse(() -> {
            if (isEnded()) {
                p.end(PlaybackResult.End.GONE);
            } else {
                services().play(p, false);
            }
        }, () -> p.end(PlaybackResult.End.GONE));
        return p;
    }

    @Override
    public Recording record(RecordOptions options) {
        if (options == null) {
            throw new InvalidArgumentException("record options must not be null");
        }
        ChannelRecording r = new ChannelRecording(this, options);
        submit(f -> {
            r.start();
            f.succeed(null);
        }).whenComplete((v, gone) -> {
            if (gone != null) {
                r.notStarted(gone);
            }
        });
        return r;
    }

    @Override
    public CompletionStage<CollectedDigits> collectDigits(DigitCollection collection) {
        if (collection == null) {
            throw new InvalidArgumentException("digit collection must not be null");
        }
        CommandFuture<CollectedDigits> f = CommandFuture.forCaller(rt.pool());
        executor.executeOrElse(() -> {
            if (isEnded()) {
                f.fail(goneException());
            } else {
                services().collect(new DigitCollector(this, collection, f));
            }
        }, () -> f.fail(goneException()));
        return f;
    }

    @Override
    public CompletionStage<Void> detectInbandDtmf(boolean on) {
        return submit(f -> {
            services().detectInband(on);
            f.succeed(null);
        });
    }

    /** The channel's media services, created on first use. Executor only. */
    MediaServices services() {
        assert executor.inExecutor();
        if (services == null) {
            services = new MediaServices(this);
        }
        return services;
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
        return postFrame(frame);
    }

    @Override
    public boolean postFrame(Frame frame) {
        return frame instanceof MediaFrame
                ? executor.executeMedia(() -> FramePath.toTech(this, frame))
                : executor.execute(() -> FramePath.toTech(this, frame));
    }

    @Override
    public boolean postFrameWhile(Frame frame, BooleanSupplier wanted) {
        Runnable task = () -> {
            if (wanted.getAsBoolean()) {
                FramePath.toTech(this, frame);
            }
        };
        return frame instanceof MediaFrame ? executor.executeMedia(task) : executor.execute(task);
    }

    @Override
    public void postMediaFromPeer(MediaFrame frame) {
        executor.executeMediaInline(() -> FramePath.toTech(this, frame));
    }

    @Override
    public CompletionStage<Void> setVariable(String varName, String value) {
        Variables.check(varName, value);
        return submit(f -> {
            variables = variables.with(varName, value);
            publish();
            events.variableSet(varName, value);
            f.succeed(null);
        });
    }

    @Override
    public CompletionStage<Void> attach(Application application) {
        if (application == null) {
            throw new InvalidArgumentException("application must not be null");
        }
        return submit(f -> {
            ownership.attach(application);
            if (isEnded()) {
                f.fail(goneException());
            } else {
                f.succeed(null);
            }
        });
    }

    @Override
    public CompletionStage<Void> detach() {
        return submit(f -> {
            ownership.detach();
            f.succeed(null);
        });
    }

    @Override
    public CompletionStage<Cancellable> addTap(FrameTap tap) {
        if (tap == null) {
            throw new InvalidArgumentException("tap must not be null");
        }
        return submit(f -> {
            if (taps == null) {
                taps = new Taps();
            }
            taps.add(tap);
            f.succeed(new TapHandle(this, tap));
        });
    }

    /** Takes {@code tap} off, if it is still on (onClose(REMOVED)). Any thread; a closed channel closed it already. */
    void postRemoveTap(FrameTap tap) {
        executor.execute(() -> {
            if (taps != null) {
                taps.remove(this, tap, FrameTap.CloseReason.REMOVED);
            }
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
    public Cancellable schedule(Duration delay, Runnable task) {
        if (delay == null || delay.isNegative() || delay.compareTo(MAX_SCHEDULE) > 0) {
            throw new InvalidArgumentException("delay must be 0 .. 24 h");
        }
        if (task == null) {
            throw new InvalidArgumentException("task must not be null");
        }
        return OwnedTimer.once(executor, rt.scheduler(), delay.toNanos(), () -> !isEnded(), () -> {
            Throwable t = Contained.run(task);
            if (t != null) {
                FaultGuard.userCodeThrew(this, "a scheduled task", t);
            }
        });
    }

    @Override
    public CompletionStage<Void> setAbsoluteTimeout(Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.compareTo(MAX_SCHEDULE) > 0)) {
            throw new InvalidArgumentException("absolute timeout must be 0 (none) .. 24 h, or null (none)");
        }
        return submit(f -> {
            if (absoluteTimer == null) {
                absoluteTimer = new OwnedTimer(executor, rt.scheduler());
            }
            if (timeout == null || timeout.isZero()) {
                absoluteTimer.cancel();
            } else {
                absoluteTimer.arm(timeout.toNanos(), () -> hangupNow(HangupCause.ALLOTTED_TIMEOUT));
            }
            f.succeed(null);
        });
    }

    private <T> CompletionStage<T> submit(ChannelCommand.Body<T> body) {
        CommandFuture<T> f = CommandFuture.forCaller(rt.pool());
        if (!executor.execute(new ChannelCommand<>(this, body, f))) {
            f.fail(goneException());
        }
        return f;
    }

    // ---- the membership protocol (any thread: posts) ----

    @Override
    public void post(Membership.ToChannel m) {
        switch (m) {
            case Membership.Reserve r -> postCommand(r.done(), () -> ownership.reserve(r));
            case Membership.LockForSwap l -> postCommand(l.done(), () -> ownership.lockForSwap(l));
            case Membership.Commit c -> executor.executeOrElse(() -> {
                if (ownership.commit(c)) {
                    c.target().post(new Membership.Activate(this, c.token()));
                } else {
                    c.target().post(new Membership.Abandon(this, c.token()));
                    c.done().fail(goneException());
                }
            }, () -> {
                c.target().post(new Membership.Abandon(this, c.token()));
                c.done().fail(goneException());
            });
            case Membership.Left l -> executor.executeOrElse(() -> {
                ownership.left(l);
                if (l.done() != null) {
                    l.done().succeed(null);
                }
            }, () -> {
                if (l.done() != null) {
                    l.done().succeed(null); // the channel is gone: it has left the bridge anyway
                }
            });
            case Membership.Cancel c -> executor.execute(() -> ownership.cancel(c));
            case Membership.Unlock u -> executor.execute(() -> ownership.unlock(u));
            case Membership.Topology t -> executor.execute(() -> ownership.topology(t));
            case Membership.PeerMedia pm -> executor.execute(() -> ownership.peerMedia(pm));
            case Membership.Hooks h -> executor.execute(() -> ownership.hooks(h));
        }
    }

    /** A protocol step that is a command: it fails {@code done} if the channel is gone or the step throws. */
    private void postCommand(CommandFuture<Void> done, Runnable step) {
        if (!executor.execute(new ChannelCommand<>(this, f -> step.run(), done))) {
            done.fail(goneException());
        }
    }

    // ---- lifecycle (any thread: posts) ----

    /** Queues the first task of an outbound channel, while its executor is held. */
    public void postStartOutbound(OutboundSetup setup) {
        executor.execute(() -> ChannelLifecycle.startOutbound(this, setup));
    }

    /** Queues the first task of an inbound channel, while its executor is held. */
    public void postStartInbound(Function<ChannelSink, TechChannel> factory, InboundCallHandler handler) {
        executor.execute(() -> ChannelLifecycle.startInbound(this, factory, handler));
    }

    /** The sink the tech of an inbound channel gets. */
    public ChannelSink sink() {
        return sink;
    }

    /** Hangs up with {@code cause}, with no stage to complete (the core's own hang-ups). */
    public void postHangup(HangupCause hangupCause) {
        executor.execute(() -> hangupNow(hangupCause));
    }

    /**
     * Runs {@code onEnd} once when this channel hangs up (at once if it has). Watchers only post messages.
     */
    public void postWatchEnd(Runnable onEnd) {
        executor.executeOrElse(() -> {
            if (isEnded()) {
                onEnd.run();
                return;
            }
            watchEnd(onEnd);
        }, onEnd);
    }

    /** Runs {@code onEnd} once when this live channel hangs up. Executor only. */
    void watchEnd(Runnable onEnd) {
        assert executor.inExecutor();
        if (endWatchers == null) {
            endWatchers = new ArrayList<>(2);
        }
        endWatchers.add(onEnd);
    }

    /**
     * Forgets {@code onEnd} (the instance given to {@link #postWatchEnd}), so a watcher no longer interested does not
     * stay reachable from a long-lived channel. Harmless if it already ran or was never added.
     */
    public void postUnwatchEnd(Runnable onEnd) {
        executor.execute(() -> {
            if (endWatchers != null) {
                endWatchers.remove(onEnd);
            }
        });
    }

    /**
     * The formats to offer a callee requested on this channel's behalf (OutboundSetup.requesterFormats): its tech's
     * native formats once declared, else what its caller offered. Any thread (reads the published snapshot).
     */
    public List<MediaFormat> requesterFormats() {
        ChannelMedia m = snapshot.media();
        return m.isTransparent() ? offered : m.nativeFormats();
    }

    /** Runs {@code task} on the executor after what is queued; false if the channel is destroyed (it will not run). */
    public boolean postTask(Runnable task) {
        return executor.execute(task);
    }

    /**
     * For the dialer: this channel is a leg dialled on behalf of {@code dialCaller} (null for an originate) to
     * {@code target} (untrusted text). Emits DialBegan in this channel's stream, in order with what the calling thread
     * queues next (so post it before the leg's {@code call()}). Ignored if a dial is open or the channel has hung up.
     */
    public void postDialBegan(ChannelImpl dialCaller, String target) {
        if (target == null) {
            throw new InvalidArgumentException("dial target must not be null");
        }
        executor.execute(() -> events.dialBegan(dialCaller, target));
    }

    /**
     * For the dialer: the dial of this leg ended with {@code outcome}; {@code why} is the hang-up cause behind it, or
     * null. Emits DialEnded; ignored if no dial is open or the channel has hung up. A leg that hangs up with its dial
     * open ends it itself, with {@code DialStatus.of(cause, answered)}, so every DialBegan has one DialEnded.
     */
    public void postDialEnded(DialStatus outcome, HangupCause why) {
        if (outcome == null) {
            throw new InvalidArgumentException("dial outcome must not be null");
        }
        executor.execute(() -> {
            if (!isEnded()) {
                events.dialEnded(outcome, why);
            }
        });
    }

    // ---- lifecycle (executor) ----

    boolean isEnded() {
        return state.isEnded();
    }

    /** Hangs up, tells everyone once, closes and destroys. No-op if already hung up. Executor only. */
    void hangupNow(HangupCause hangupCause) {
        ChannelLifecycle.hangUp(this, hangupCause);
    }

    // ---- state and snapshots (executor) ----

    void changeState(ChannelState to) {
        ChannelState from = state;
        state = to;
        publish();
        events.stateChanged(from, to);
        ownership.emit(new ChannelEvent.StateChanged(from, to));
    }

    void connectedLine(Party party) {
        connected = party;
        publish();
    }

    void publish() {
        publishedVariables = variables;
        OwnerKind kind;
        String owner;
        BridgeId bridge = null;
        switch (ownership.owner()) {
            case Ownership.ByBridge b -> {
                kind = OwnerKind.BRIDGE;
                bridge = b.bridge().id();
                owner = bridge.value();
            }
            case Ownership.ByApplication a -> {
                kind = OwnerKind.APPLICATION;
                owner = a.application().name();
            }
            case Ownership.Unowned u -> {
                kind = OwnerKind.NONE;
                owner = "";
            }
        }
        snapshot = new ChannelSnapshot(id, name, tech.name, direction, destination, linkedId, state, caller, connected,
                variables.values, kind, owner, bridge, cause, createdAt, answeredAt, endedAt, media, endpoint.key(),
                ++version);
    }

    // ---- errors ----

    void completeAfterTechCall(CommandFuture<Void> f, String callback, Runnable r) {
        Throwable t = FaultGuard.tech(this, callback, r);
        if (t == null) {
            f.succeed(null);
        } else {
            f.fail(FaultGuard.commandFailed(this, callback, t));
        }
    }

    CommandRejectedException wrongState(String command, String needs) {
        return new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE,
                command + " needs " + needs + "; channel " + id + " is " + direction + " in state " + state);
    }

    /** The error for a command that reached a hung-up or destroyed channel. Any thread. */
    public NoSuchChannelException goneException() {
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
