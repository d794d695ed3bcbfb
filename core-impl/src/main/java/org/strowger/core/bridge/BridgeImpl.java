package org.strowger.core.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.DtmfHook;
import org.strowger.api.HangupCause;
import org.strowger.api.IntervalHook;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.TransferOutcome;
import org.strowger.api.event.BridgeLeft;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.DtmfDigit;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.Playback;
import org.strowger.api.media.PlaybackResult;
import org.strowger.core.channel.BridgeSide;
import org.strowger.core.channel.MediaRoute;
import org.strowger.core.channel.MemberSide;
import org.strowger.core.channel.Membership;
import org.strowger.core.exec.CommandFuture;
import org.strowger.core.exec.SerialExecutor;
import org.strowger.core.media.play.FrameSources;
import org.strowger.core.runtime.CoreRuntime;

/*
 * A bridge: its members, its pending arrivals and its media mode, owned by its own SerialExecutor. It is the bridge's
 * side of the membership protocol (Membership): Admit, Activate, Abandon, Gone and Keyed run here, and it tells its
 * members Cancel, Commit, Left, Topology and Hooks. Join, move and swap are the protocol with different checks; merge
 * is a move of every member; leave, kick and destroy are one task here followed by a Left to each channel, after
 * which the channel applies its AfterBridge policy.
 *
 * Dissolving: a CALL bridge dissolves (WHEN_ONE_LEFT) once a member has gone and at most one is left, and a
 * conference (WHEN_EMPTY) once a member has gone and none is left, but never while a channel is on its way in, while
 * a transfer holds it open, or in the middle of a merge; "a member has gone" counts a channel that left or hung up,
 * one whose join was abandoned, a member swapped out, and the release of a hold (a held bridge served a call). So a
 * bridge that never held two members still ends when its only member goes, and the channel arriving by a swap as the
 * last other member leaves does not stay alone: the check runs again when the arrival settles.
 *
 * Media: the topology is the member list and the mode, kept here once; each member is told its route (Topology):
 * with two members each forwards straight to the other's media lane (one hop, the bridge is not on the path), with
 * three or more each sends voice here and a timer on the core's clock mixes every 20 ms, each member's voice decoded
 * to the mix rate and its mix encoded to its own format (BridgeMixing, Mixer). The media lane holds a channel's
 * capacity per member, so a large conference late by a tick loses nothing. A holding bridge forwards nothing.
 *
 * Playback (Bridge.play, BridgePlayback): while the bridge has a playback every member hears the mixer, which adds the
 * source to each mix: a two-party bridge's members are routed to the mixer and back to each other when it ends (so
 * pass-through resumes), a holding or idle bridge's members, who send nothing, hear the source alone. Members are
 * told SRC_UPDATE when what they are sent comes from somewhere else (tellSource). One playback at a time: a new one
 * replaces it, destroy ends it GONE.
 *
 * The bridge's executor is never closed: after destroy it answers late messages (an arrival is told the bridge is
 * gone) and is collected once unreferenced.
 */
public final class BridgeImpl implements Bridge, BridgeSide {
    private static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    private static final Duration MAX_INTERVAL = Duration.ofHours(24);

    private record Pending(long token, JoinOptions options, MemberSide replaces, CommandFuture<Void> done) {
    }

    /** A member's route, and the source of what it is sent: its peer, the mixer, or nothing (null). */
    private record Heard(MediaRoute route, Object source) {
    }

    private static final ControlFrame SRC_UPDATE = ControlFrame.of(Control.SRC_UPDATE);

    final BridgeHome home;
    final CoreRuntime rt;
    final SerialExecutor executor;
    private final BridgeId id;
    private final BridgeOptions.Kind kind;
    private final BridgeOptions.Dissolve dissolve;
    private final long createdAt;

    // Owned by the executor.
    private final Map<MemberSide, JoinOptions> members = new LinkedHashMap<>(); // by joining order
    private final Map<MemberSide, Pending> pending = new HashMap<>();
    private final Map<MemberSide, SwapKind> swaps = new HashMap<>(); // transfers and pickups, by outgoing member
    private final BridgeHooks hooks = new BridgeHooks(this);
    private final BridgeEvents events;
    private BridgeSnapshot.Mode mode;
    private BridgePlayback playback; // the latest started, from its start until it ends
    private final Map<MemberSide, Heard> heard = new HashMap<>(); // what each member was last told it hears
    private boolean destroyed;
    private boolean merging;
    private boolean departed;
    private int holds;
    private List<Runnable> unheldWatchers;
    private final BridgeMixing mixing;
    private long version;

    private volatile BridgeSnapshot snapshot;

    public BridgeImpl(BridgeHome home, BridgeId id, BridgeOptions options) {
        this.home = home;
        this.rt = home.runtime();
        this.id = id;
        this.kind = options.kind();
        this.dissolve = options.dissolve();
        this.createdAt = rt.now();
        this.mode = kind == BridgeOptions.Kind.HOLDING ? BridgeSnapshot.Mode.HOLDING : BridgeSnapshot.Mode.IDLE;
        this.executor = new SerialExecutor(rt.executors(), id, true); // held: released by the core once registered
        this.events = new BridgeEvents(id, rt);
        this.mixing = new BridgeMixing(this);
        publish();
        executor.execute(() -> events.created(kind, dissolve));
    }

    @Override
    public BridgeId id() {
        return id;
    }

    @Override
    public BridgeSnapshot snapshot() {
        return snapshot;
    }

    /** Whether this bridge is one of {@code core}'s. */
    public boolean belongsTo(BridgeHome core) {
        return home == core;
    }

    /** The executor, for the core to start it and read its queues. Its methods are thread-safe. */
    public SerialExecutor executor() {
        return executor;
    }

    // ---- the handle (any thread) ----

    @Override
    public CompletionStage<Void> join(Channel channel, JoinOptions options) {
        MemberSide c = home.member(channel);
        nonNull(options, "join options");
        CommandFuture<Void> f = CommandFuture.forCaller(rt.pool());
        c.post(new Membership.Reserve(this, Membership.Expect.IN_NO_BRIDGE, null, null, options, null, "join", f));
        return f;
    }

    @Override
    public CompletionStage<Void> leave(Channel channel) {
        MemberSide c = home.member(channel);
        return onBridge(f -> removeByBridge(c, Membership.Leave.LEAVE, null, f));
    }

    @Override
    public CompletionStage<Void> kick(Channel channel, HangupCause cause) {
        MemberSide c = home.member(channel);
        nonNull(cause, "hangup cause");
        return onBridge(f -> removeByBridge(c, Membership.Leave.KICK, cause, f));
    }

    /**
     * Takes a member out as if its join had never happened: no after-bridge policy, it goes back to the application
     * that owned it before it joined (or is parked). For an operation that joined it and then could not finish.
     */
    public CompletionStage<Void> postAbort(MemberSide c) {
        return onBridge(f -> removeByBridge(c, Membership.Leave.ABORTED, null, f));
    }

    @Override
    public CompletionStage<Void> move(Channel channel, Bridge to, JoinOptions options) {
        MemberSide c = home.member(channel);
        BridgeImpl target = home.bridge(to);
        if (target == this) {
            throw new InvalidArgumentException("cannot move a channel into the bridge it is in");
        }
        CommandFuture<Void> f = CommandFuture.forCaller(rt.pool());
        c.post(new Membership.Reserve(target, Membership.Expect.MEMBER_OF_FROM, this, null, options, null, "move",
                f));
        return f;
    }

    @Override
    public CompletionStage<Void> swap(Channel out, Channel in, JoinOptions inOptions) {
        return Swap.start(home.member(out), home.member(in), this, inOptions, SwapKind.PLAIN, null, null, "swap",
                rt.pool());
    }

    @Override
    public CompletionStage<Void> merge(Bridge other) {
        BridgeImpl from = home.bridge(other);
        if (from == this) {
            throw new InvalidArgumentException("cannot merge a bridge into itself");
        }
        CommandFuture<Void> f = CommandFuture.forCaller(rt.pool());
        from.executor.execute(() -> from.mergeInto(this, f)); // a bridge's executor is never closed
        return f;
    }

    @Override
    public CompletionStage<Cancellable> addDtmfHook(String sequence, DtmfHook hook) {
        nonNull(sequence, "sequence");
        nonNull(hook, "hook");
        if (sequence.isEmpty() || sequence.length() > 16) {
            throw new InvalidArgumentException("a DTMF sequence has 1..16 digits");
        }
        StringBuilder canonical = new StringBuilder();
        for (int i = 0; i < sequence.length(); i++) {
            canonical.append(DtmfDigit.check(sequence.charAt(i)));
        }
        String seq = canonical.toString();
        return onBridge(f -> f.succeed(hooks.addDtmf(seq, hook)));
    }

    @Override
    public Playback play(MediaSource source) {
        FrameSources.check(source); // null or a malformed tone plan: at once, on the caller's thread
        BridgePlayback p = new BridgePlayback(this, source);
        executor.execute(() -> startPlayback(p)); // a bridge's executor is never closed
        return p;
    }

    @Override
    public CompletionStage<Cancellable> addIntervalHook(Duration interval, IntervalHook hook) {
        nonNull(interval, "interval");
        nonNull(hook, "hook");
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new InvalidArgumentException("interval must be 10 ms .. 24 h");
        }
        return onBridge(f -> f.succeed(hooks.addInterval(interval, hook)));
    }

    @Override
    public CompletionStage<Void> destroy() {
        CommandFuture<Void> f = CommandFuture.forCaller(rt.pool());
        executor.execute(() -> {
            destroyNow();
            f.succeed(null);
        });
        return f;
    }

    private <T> CompletionStage<T> onBridge(Consumer<CommandFuture<T>> body) {
        CommandFuture<T> f = CommandFuture.forCaller(rt.pool());
        executor.execute(() -> {
            if (destroyed) {
                f.fail(gone());
                return;
            }
            try {
                body.accept(f);
            } catch (RuntimeException e) {
                f.fail(e);
            }
        });
        return f;
    }

    // ---- the membership protocol (any thread: posts) ----

    @Override
    public void post(Membership.ToBridge m) {
        switch (m) {
            case Membership.Admit a -> executor.execute(() -> admit(a));
            case Membership.Activate a -> executor.execute(() -> activate(a.channel(), a.token()));
            case Membership.Abandon a -> executor.execute(() -> abandon(a.channel(), a.token()));
            case Membership.Gone g -> executor.execute(() -> gone(g.channel(), g.why()));
            case Membership.Keyed k -> executor.execute(() -> hooks.keyed(k.member(), k.sequence()));
            case Membership.OfferMedia o -> executor.execute(() -> passOffer(o));
        }
    }

    @Override
    public void postMix(MemberSide from, MediaFrame frame) {
        if (frame instanceof VoiceFrame v) {
            executor.executeMedia(() -> mixing.put(from, v));
        }
    }

    @Override
    public boolean isHeld() {
        return snapshot.held();
    }

    @Override
    public boolean lists(MemberSide member) {
        BridgeSnapshot s = snapshot;
        return !s.destroyed() && s.members().contains(member.id());
    }

    /** Marks {@code out}, locked for a swap, as a transfer's or a pickup's. */
    void postMarkSwap(MemberSide out, SwapKind swapKind) {
        executor.execute(() -> swaps.put(out, swapKind));
    }

    /** The swap of {@code out} failed. */
    void postForgetSwap(MemberSide out) {
        executor.execute(() -> swaps.remove(out));
    }

    // ---- the membership protocol (executor) ----

    /** Step 2. */
    private void admit(Membership.Admit a) {
        assert executor.inExecutor();
        MemberSide c = a.channel();
        MemberSide replaces = a.replaces();
        RuntimeException refusal = null;
        if (destroyed) {
            refusal = gone();
        } else if (merging) {
            refusal = rejected("bridge " + id + " is being merged away");
        } else if (members.containsKey(c) || pending.containsKey(c)) {
            refusal = rejected("channel " + c.id() + " is already in bridge " + id);
        } else if (replaces != null && !members.containsKey(replaces)) {
            refusal = rejected("channel " + replaces.id() + " is not a member of bridge " + id);
        } else if (replaces != null && holds > 0) { // an attended transfer (or a dial's hand-over) counts on it
            refusal = rejected("bridge " + id + " is held open by a transfer in progress; channel "
                    + replaces.id() + " cannot be swapped out until it ends");
        } else if (replaces != null && a.from() != null && a.from().isHeld()) { // the same, for the bridge c leaves
            refusal = rejected("bridge " + a.from().id() + " is held open by a transfer in progress; channel "
                    + c.id() + " cannot be swapped out of it until it ends");
        }
        if (refusal != null) {
            c.post(new Membership.Cancel(this, a.token()));
            a.done().fail(refusal);
            return;
        }
        pending.put(c, new Pending(a.token(), a.options(), replaces, a.done()));
        publish();
        c.post(new Membership.Commit(this, a.token(), a.from(), a.options(), a.done()));
    }

    /** Step 4: the channel committed to this bridge. */
    private void activate(MemberSide c, long token) {
        assert executor.inExecutor();
        Pending p = pending.get(c);
        if (p == null || p.token() != token) {
            return;
        }
        pending.remove(c);
        if (destroyed) {
            publish();
            c.post(new Membership.Left(this, Membership.Leave.ABORTED, null, null));
            p.done().fail(gone());
            return;
        }
        members.put(c, p.options());
        MemberSide out = p.replaces() != null && removeMember(p.replaces()) ? p.replaces() : null;
        events.entered(c, members.keySet());
        SwapKind swapped = p.replaces() == null ? null : swaps.remove(p.replaces());
        if (out != null) {
            events.left(out, BridgeLeft.Reason.SWAPPED_OUT, members.keySet());
        }
        if (swapped != null) {
            events.swapped(swapped, p.replaces(), c, members.keySet());
        }
        if (!hooks.sequences().isEmpty()) {
            c.post(new Membership.Hooks(this, hooks.sequences()));
        }
        if (out != null) { // a pickup hangs the ringing leg up, whatever its policy
            out.post(swapped == SwapKind.PICKUP
                    ? new Membership.Left(this, Membership.Leave.KICK, HangupCause.ANSWERED_ELSEWHERE, null)
                    : new Membership.Left(this, Membership.Leave.SWAPPED_OUT, null, null));
        }
        recompute();
        p.done().succeed(null);
        dissolveIfDue(); // the other party may have left while this channel was on its way in
    }

    /** The channel's commit was rejected: it hung up first. */
    private void abandon(MemberSide c, long token) {
        assert executor.inExecutor();
        Pending p = pending.get(c);
        if (p != null && p.token() == token) {
            pending.remove(c);
            departed = true;
            publish();
            dissolveIfDue();
        }
    }

    /** The channel left on its own: it hung up, moved away or was redirected ({@code why}). */
    private void gone(MemberSide c, BridgeLeft.Reason why) {
        assert executor.inExecutor();
        boolean wasPending = pending.remove(c) != null;
        if (removeMember(c)) {
            events.left(c, why, members.keySet());
            recompute();
            dissolveIfDue();
        } else if (wasPending) {
            departed = true;
            publish();
            dissolveIfDue();
        }
    }

    private void removeByBridge(MemberSide c, Membership.Leave why, HangupCause cause, CommandFuture<Void> f) {
        if (!removeMember(c)) {
            throw rejected("channel " + c.id() + " is not a member of bridge " + id);
        }
        events.left(c, why == Membership.Leave.KICK ? BridgeLeft.Reason.KICKED : BridgeLeft.Reason.LEFT,
                members.keySet());
        recompute();
        c.post(new Membership.Left(this, why, cause, f));
        dissolveIfDue();
    }

    private boolean removeMember(MemberSide c) {
        if (members.remove(c) == null) {
            return false;
        }
        departed = true;
        mixing.removed(c);
        return true;
    }

    boolean isMember(MemberSide c) {
        return members.containsKey(c);
    }

    boolean isDestroyed() {
        return destroyed;
    }

    private void mergeInto(BridgeImpl target, CommandFuture<Void> f) {
        assert executor.inExecutor();
        if (destroyed) {
            f.fail(gone());
            return;
        }
        if (merging) {
            f.fail(rejected("bridge " + id + " is already being merged"));
            return;
        }
        merging = true;
        List<MemberSide> toMove = new ArrayList<>(members.keySet());
        if (toMove.isEmpty()) {
            destroyNow();
            f.succeed(null);
            return;
        }
        int[] outstanding = {toMove.size()};
        Throwable[] firstError = new Throwable[1];
        for (MemberSide c : toMove) {
            CommandFuture<Void> moved = CommandFuture.forCaller(rt.pool()); // completes back on this executor
            moved.whenComplete((v, t) -> {
                if (t != null && firstError[0] == null) {
                    firstError[0] = t;
                }
                if (--outstanding[0] == 0) {
                    merging = false;
                    if (members.isEmpty()) {
                        destroyNow();
                        f.succeed(null);
                    } else {
                        f.fail(rejected("merge of " + id + " into " + target.id + " left " + members.size()
                                + " member(s) behind: " + firstError[0]));
                        dissolveIfDue();
                    }
                }
            });
            c.post(new Membership.Reserve(target, Membership.Expect.MEMBER_OF_FROM, this, null, null, null, "merge",
                    moved));
        }
    }

    private void destroyNow() {
        assert executor.inExecutor();
        if (destroyed) {
            return;
        }
        destroyed = true;
        mixing.stop();
        BridgePlayback p = playback;
        playback = null;
        if (p != null) {
            p.end(PlaybackResult.End.GONE);
        }
        heard.clear();
        for (MemberSide c : new ArrayList<>(members.keySet())) {
            members.remove(c);
            events.left(c, BridgeLeft.Reason.DESTROYED, members.keySet());
            c.post(new Membership.Left(this, Membership.Leave.DESTROYED, null, null));
        }
        hooks.destroyed();
        mode = BridgeSnapshot.Mode.IDLE;
        publish();
        events.destroyed();
        runUnheldWatchers();
        home.destroyed(this);
    }

    private void dissolveIfDue() {
        if (destroyed || merging || holds > 0 || !pending.isEmpty()) {
            return;
        }
        boolean due = switch (dissolve) {
            case WHEN_ONE_LEFT -> departed && members.size() <= 1;
            case WHEN_EMPTY -> departed && members.isEmpty();
            case NEVER -> false;
        };
        if (due) {
            destroyNow();
        }
    }

    // ---- holds (any thread: posts) ----

    /**
     * Keeps the bridge from dissolving until {@link #postReleaseHold()} (a transfer in progress); meanwhile no member
     * can be swapped out, here or into another bridge's swap, so the parties the transfer watches stay the ones it will
     * connect (moves, the transfer's own steps, are allowed).
     */
    public void postHoldOpen() {
        executor.execute(() -> {
            holds++;
            publish();
        });
    }

    /**
     * Ends one hold; the bridge dissolves now if it is due. A held bridge served a call, so from now on its dissolve
     * policy applies even if it never had two members (a consultation the target never joined).
     */
    public void postReleaseHold() {
        executor.execute(() -> {
            holds--;
            departed = true;
            publish();
            if (holds == 0) {
                runUnheldWatchers();
            }
            dissolveIfDue();
        });
    }

    /** Posts {@code task} once no hold is in place (at once if none is, or the bridge is gone). */
    public void postWhenUnheld(Runnable task) {
        executor.execute(() -> {
            if (holds == 0 || destroyed) {
                task.run();
            } else {
                if (unheldWatchers == null) {
                    unheldWatchers = new ArrayList<>(1);
                }
                unheldWatchers.add(task);
            }
        });
    }

    private void runUnheldWatchers() {
        List<Runnable> w = unheldWatchers;
        unheldWatchers = null;
        if (w != null) {
            w.forEach(Runnable::run);
        }
    }

    /** An attended transfer that began in this bridge ended: reported in its stream. */
    public void postAttendedTransferEnded(MemberSide transferer, MemberSide target,
            List<? extends MemberSide> transferees, BridgeId consultation, TransferOutcome outcome) {
        List<? extends MemberSide> parties = List.copyOf(transferees);
        executor.execute(() -> events.attendedTransferEnded(transferer, target, parties, consultation, outcome));
    }

    // ---- media (executor) ----

    /**
     * Decides where each member's media goes, publishes the snapshot, then tells every member its route (a member
     * ignores a route it has already), sizes the media lane, and starts or stops the mixer. Publishing first
     * matters: a member checks that the bridge still lists it before telling its tech bridged(peer).
     */
    private void recompute() {
        int n = members.size();
        mode = kind == BridgeOptions.Kind.HOLDING ? BridgeSnapshot.Mode.HOLDING
                : n == 2 ? BridgeSnapshot.Mode.TWO_PARTY
                : n >= 3 ? BridgeSnapshot.Mode.MIXING : BridgeSnapshot.Mode.IDLE;
        publish();
        executor.setMediaCapacity(Math.max(1, n) * rt.executors().mediaCapacity());
        boolean playing = playback != null;
        boolean mixes = mode == BridgeSnapshot.Mode.MIXING || playing;
        mixing.update(mixes, members.keySet(), playback);
        List<MemberSide> list = new ArrayList<>(members.keySet());
        MediaRoute[] routes = new MediaRoute[list.size()];
        for (int i = 0; i < list.size(); i++) {
            routes[i] = switch (mode) {
                case TWO_PARTY -> playing ? new MediaRoute.ToMixer(this, list.get(1 - i))
                        : new MediaRoute.ToPeer(list.get(1 - i));
                case MIXING -> new MediaRoute.ToMixer(this);
                default -> MediaRoute.DROP; // a holding or idle bridge: members hear the mix, if any, but send nothing
            };
            list.get(i).post(new Membership.Topology(this, routes[i]));
        }
        // after all the routes, back to back: a pair's direct-media offers race their Topology (ChannelOwnership)
        for (int i = 0; i < list.size(); i++) {
            tellSource(list.get(i), routes[i], mixes);
        }
        heard.keySet().retainAll(members.keySet());
    }

    /**
     * A member whose source of media changes hears SRC_UPDATE: its channel says it itself when its route changes to
     * a peer or the mixer (ChannelOwnership), so the bridge says it when the route does not tell, as when a holding
     * bridge starts or stops playing or a channel joins one while it plays.
     */
    private void tellSource(MemberSide m, MediaRoute route, boolean mixes) {
        Object source = route instanceof MediaRoute.ToPeer p ? p.peer() : mixes ? mixing : null;
        Heard before = heard.put(m, new Heard(route, source));
        MediaRoute routeBefore = before == null ? MediaRoute.DROP : before.route(); // a new member has none yet
        Object sourceBefore = before == null ? null : before.source();
        boolean channelTells = route instanceof MediaRoute.ToPeer && !route.equals(routeBefore)
                || route instanceof MediaRoute.ToMixer && !(routeBefore instanceof MediaRoute.ToMixer);
        if (source != sourceBefore && !channelTells) {
            m.postFrame(SRC_UPDATE);
        }
    }

    // ---- playback (executor) ----

    private void startPlayback(BridgePlayback p) {
        assert executor.inExecutor();
        if (destroyed) {
            p.notStarted(gone());
            return;
        }
        if (p.hasEnded()) { // stopped before it started: it replaces nothing
            return;
        }
        BridgePlayback before = playback;
        playback = p;
        if (before != null) {
            before.end(PlaybackResult.End.REPLACED);
        }
        p.open(mixing.rateFor(members.keySet()));
        recompute();
    }

    /** {@code p} has ended: if it was the bridge's playback, the members go back to what they heard before. */
    void playbackEnded(BridgePlayback p) {
        assert executor.inExecutor();
        if (playback == p) {
            playback = null;
            if (!destroyed) {
                recompute();
            }
        }
    }

    /** A member's direct-media offer reaches its peer only while the two are this bridge's two members. */
    private void passOffer(Membership.OfferMedia o) {
        assert executor.inExecutor();
        if (mode == BridgeSnapshot.Mode.TWO_PARTY && members.containsKey(o.from()) && members.containsKey(o.to())) {
            o.to().post(new Membership.PeerMedia(o.from(), o.offer()));
        }
    }

    /** The feature codes changed: every member is told. */
    void sendFeatureCodes() {
        for (MemberSide c : members.keySet()) {
            c.post(new Membership.Hooks(this, hooks.sequences()));
        }
    }

    // ---- snapshots and errors ----

    private void publish() {
        snapshot = new BridgeSnapshot(id, kind, dissolve, mode, BridgeEvents.ids(members.keySet()), pending.size(),
                holds > 0, departed, destroyed, createdAt, ++version);
    }

    /** The error for an operation on a destroyed bridge. Any thread. */
    public NoSuchBridgeException gone() {
        return new NoSuchBridgeException(id, "bridge " + id + " has been destroyed");
    }

    private static CommandRejectedException rejected(String why) {
        return new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE, why);
    }

    private static void nonNull(Object o, String what) {
        if (o == null) {
            throw new InvalidArgumentException(what + " must not be null");
        }
    }

    @Override
    public String toString() {
        return "Bridge[" + id + "]";
    }
}
