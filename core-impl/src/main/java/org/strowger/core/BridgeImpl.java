package org.strowger.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.strowger.api.Bridge;
import org.strowger.api.Cancellable;
import org.strowger.api.DtmfHook;
import org.strowger.api.IntervalHook;
import org.strowger.api.frame.DtmfDigit;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Channel;
import org.strowger.api.ChannelId;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.event.AttendedTransferEnded;
import org.strowger.api.event.BlindTransferred;
import org.strowger.api.event.BridgeCreated;
import org.strowger.api.event.BridgeDestroyed;
import org.strowger.api.event.BridgeEntered;
import org.strowger.api.event.BridgeLeft;
import org.strowger.api.event.CallPickedUp;
import org.strowger.api.event.ChannelRef;
import org.strowger.api.event.EventKind;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.VoiceFrame;

/*
 * A bridge: its membership and media mode, owned by its own SerialExecutor. Ownership of a channel changes only by
 * messages, in four steps, so that no step waits and every failure leaves each entity valid:
 *
 *   1. reserve (channel executor): the channel checks it may change owner (not hung up, no other change in progress,
 *      its application agrees to let go) and marks itself pending for this bridge with a fresh token;
 *   2. admit (bridge executor): the bridge checks it can take the channel (alive, not merging, not a member yet, the
 *      member to replace still there, neither bridge of a swap held open) and records it as pending, invisible in
 *      snapshots; else the reservation is cancelled and the stage fails with the reason;
 *   3. commit (channel executor): the channel makes the bridge its owner (detaching its application, or leaving its
 *      previous bridge for a move) and tells the bridge;
 *   4. activate (bridge executor): the pending entry becomes a member; for a swap the replaced member is removed in
 *      the same task, so the bridge holds the old member or the new one, never neither or both.
 *
 * A channel that hangs up at any point tells its (pending) bridge, and a commit that reaches a destroyed channel is
 * rejected back to the bridge, so pending entries always resolve. Join, move and swap are this protocol with
 * different checks; merge is a move of every member; leave, kick and destroy are one bridge task followed by a
 * message telling each channel it left, after which the channel applies its AfterBridge policy.
 *
 * Media: with two members each channel is told its peer and forwards frames from its tech straight to the peer's
 * media lane (one hop, no bridge on the path); with three or more each channel sends voice here, and a timer on the
 * core's clock mixes every 20 ms: decode to 16-bit linear, sum, and send each member the sum minus its own voice,
 * encoded in the format it sends. A holding bridge forwards nothing. The bridge is never closed: after destroy it
 * answers late messages (an activation is told the bridge is gone) and is collected once unreferenced.
 *
 * Events: the bridge's stream (BridgeCreated first, its executor's first task, released by the core once the id is
 * claimed) reports membership where it changes, here: BridgeEntered at activate, BridgeLeft where a member is removed,
 * BridgeDestroyed. A swap that is a blind transfer or a pickup is marked when its outgoing member is locked, and its
 * activation also emits BlindTransferred or CallPickedUp. Events are emitted before the channels involved are told,
 * so a channel's own OwnerChanged away from this bridge follows the BridgeLeft, except where the channel went on its
 * own (memberGone: a move or redirect), whose OwnerChanged and BridgeLeft may come in either order.
 */
final class BridgeImpl implements Bridge {
    static final long MIX_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /**
     * Why a channel left; decides what it does next: its after-bridge policy, a hang-up (KICK), or, for a join that
     * could not complete because the bridge was destroyed first (ABORTED), a return to its previous owner.
     */
    enum Leave { LEAVE, KICK, DESTROYED, SWAPPED_OUT, ABORTED }

    /** What a swap is for: reported by an event when it completes. */
    enum SwapKind { PLAIN, BLIND_TRANSFER, PICKUP }

    private static final class Member {
        final JoinOptions options;
        ChannelImpl peer;
        boolean mixing;
        MixFormat format = MixFormat.ULAW;
        final short[] voice = new short[MixFormat.FRAME_SAMPLES];
        int samples;

        Member(JoinOptions options) {
            this.options = options;
        }
    }

    private record Pending(long token, JoinOptions options, ChannelImpl replaces, CommandFuture<Void> future) {
    }

    final CoreImpl core;
    final SerialExecutor executor;
    private final BridgeId id;
    private final BridgeOptions.Kind kind;
    private final BridgeOptions.Dissolve dissolve;
    private final long createdAt;

    // Owned by the executor.
    private final Map<ChannelImpl, Member> members = new LinkedHashMap<>();
    private final Map<ChannelImpl, Pending> pending = new HashMap<>();
    private final java.util.Set<ChannelImpl> pickedUp = new java.util.HashSet<>();
    private final Map<ChannelImpl, SwapKind> swapKinds = new HashMap<>(); // by outgoing member
    private long eventSequence;
    private Map<String, DtmfHook> dtmfHooks = Map.of(); // immutable; shared with members
    private BridgeSnapshot.Mode mode;
    private boolean destroyed;
    private boolean merging;
    private boolean hadTwo; // WHEN_ONE_LEFT only dissolves a bridge that has been a call
    private int holds;
    private volatile boolean held; // holds > 0, for other executors (a swap taking a member from here, a Local pair)
    private boolean ticking;
    private long tickGeneration;
    private long nextTickDue; // core-clock nanos; ticks are due every 20 ms from the start, not 20 ms after the last
    private long mixTimestamp;
    private long version;

    private volatile BridgeSnapshot snapshot;

    BridgeImpl(CoreImpl core, BridgeId id, BridgeOptions options) {
        this.core = core;
        this.id = id;
        this.kind = options.kind();
        this.dissolve = options.dissolve();
        this.createdAt = core.scheduler().currentTimeMillis();
        this.mode = kind == BridgeOptions.Kind.HOLDING ? BridgeSnapshot.Mode.HOLDING : BridgeSnapshot.Mode.IDLE;
        this.executor = new SerialExecutor(core.executorSettings(), id, true); // released by the core
        publish();
        executor.execute(() -> {
            if (announce(EventKind.BRIDGE_CREATED)) {
                core.events.publish(new BridgeCreated(id, eventSequence, now(), kind, dissolve));
            }
        });
    }

    @Override
    public BridgeId id() {
        return id;
    }

    @Override
    public BridgeSnapshot snapshot() {
        return snapshot;
    }

    // ---- handle (any thread) ----

    @Override
    public CompletionStage<Void> join(Channel channel, JoinOptions options) {
        ChannelImpl c = core.own(channel);
        nonNull(options, "join options");
        CommandFuture<Void> f = CommandFuture.forCaller(core.pool());
        c.reserveOwnership(this, null, false, null, options, f);
        return f;
    }

    @Override
    public CompletionStage<Void> leave(Channel channel) {
        ChannelImpl c = core.own(channel);
        return onBridge(f -> removeByBridge(c, Leave.LEAVE, null, f));
    }

    @Override
    public CompletionStage<Void> kick(Channel channel, HangupCause cause) {
        ChannelImpl c = core.own(channel);
        nonNull(cause, "hangup cause");
        return onBridge(f -> removeByBridge(c, Leave.KICK, cause, f));
    }

    /**
     * Takes a member out as if its join had never happened: no after-bridge policy, it goes back to the application
     * that owned it before it joined (or is parked). For an operation that joined it and then could not finish.
     */
    CompletionStage<Void> abort(ChannelImpl c) {
        return onBridge(f -> removeByBridge(c, Leave.ABORTED, null, f));
    }

    @Override
    public CompletionStage<Void> move(Channel channel, Bridge to, JoinOptions options) {
        ChannelImpl c = core.own(channel);
        BridgeImpl target = core.own(to);
        if (target == this) {
            throw new InvalidArgumentException("cannot move a channel into the bridge it is in");
        }
        CommandFuture<Void> f = CommandFuture.forCaller(core.pool());
        c.reserveOwnership(target, this, false, null, options, f);
        return f;
    }

    @Override
    public CompletionStage<Void> swap(Channel out, Channel in, JoinOptions inOptions) {
        return swap(out, in, inOptions, SwapKind.PLAIN, null);
    }

    /**
     * A swap. For a {@code PICKUP} the outgoing member must still be an unanswered outbound call, and it is hung up
     * with ANSWERED_ELSEWHERE in the task that replaces it (whatever its after-bridge policy). With {@code inFrom}
     * the incoming channel must still be a member of that bridge (null: anywhere or nowhere).
     */
    CompletionStage<Void> swap(Channel out, Channel in, JoinOptions inOptions, SwapKind kind, BridgeImpl inFrom) {
        boolean pickup = kind == SwapKind.PICKUP;
        ChannelImpl o = core.own(out);
        ChannelImpl i = core.own(in);
        if (o == i) {
            throw new InvalidArgumentException("cannot swap a channel with itself");
        }
        CommandFuture<Void> f = CommandFuture.forCaller(core.pool());
        CommandFuture<Void> swapped = new CommandFuture<>();
        java.util.concurrent.atomic.AtomicBoolean locked = new java.util.concurrent.atomic.AtomicBoolean();
        swapped.whenComplete((v, t) -> {
            if (t == null) {
                f.succeed(null);
                return;
            }
            if (locked.get()) { // only the swap that took the lock may release it
                o.unlockSwap(this);
                if (kind != SwapKind.PLAIN) {
                    executor.execute(() -> {
                        pickedUp.remove(o);
                        swapKinds.remove(o);
                    });
                }
            }
            f.fail(t);
        });
        // Lock the outgoing member first, so a concurrent move of it is refused instead of racing this swap; then
        // (on its executor, holding the lock) mark a pickup and reserve the incoming channel.
        o.lockForSwap(this, pickup, () -> {
            locked.set(true);
            if (kind != SwapKind.PLAIN) {
                executor.execute(() -> {
                    swapKinds.put(o, kind);
                    if (pickup) {
                        pickedUp.add(o);
                    }
                });
            }
            i.reserveOwnership(this, inFrom, inFrom == null, o, inOptions, swapped);
        }, swapped);
        return f;
    }

    @Override
    public CompletionStage<Void> merge(Bridge other) {
        BridgeImpl from = core.own(other);
        if (from == this) {
            throw new InvalidArgumentException("cannot merge a bridge into itself");
        }
        CommandFuture<Void> f = CommandFuture.forCaller(core.pool());
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
        return this.<Cancellable>onBridge(f -> {
            for (String existing : dtmfHooks.keySet()) {
                if (existing.startsWith(seq) || seq.startsWith(existing)) {
                    throw new CommandRejectedException(CommandRejectedException.Reason.CONFLICT, "DTMF sequence "
                            + seq + " conflicts with " + existing + " on bridge " + id + ": one is a prefix of the other");
                }
            }
            Map<String, DtmfHook> next = new HashMap<>(dtmfHooks);
            next.put(seq, hook);
            setHooks(Map.copyOf(next));
            java.util.concurrent.atomic.AtomicBoolean live = new java.util.concurrent.atomic.AtomicBoolean(true);
            f.succeed(() -> {
                if (!live.getAndSet(false)) {
                    return false;
                }
                executor.execute(() -> {
                    if (dtmfHooks.get(seq) == hook) {
                        Map<String, DtmfHook> less = new HashMap<>(dtmfHooks);
                        less.remove(seq);
                        setHooks(Map.copyOf(less));
                    }
                });
                return true;
            });
        });
    }

    private void setHooks(Map<String, DtmfHook> hooks) {
        dtmfHooks = hooks;
        for (ChannelImpl c : members.keySet()) {
            c.bridgeHooks(this, hooks);
        }
    }

    /** A member keyed a registered sequence. */
    void fireDtmfHook(ChannelImpl member, String sequence) {
        executor.execute(() -> {
            DtmfHook hook = dtmfHooks.get(sequence);
            if (hook == null || !members.containsKey(member)) {
                return;
            }
            try {
                hook.onSequence(this, member, sequence);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(BridgeImpl.class).warn("bridge {}: DTMF hook for {} threw {}",
                        id, sequence, LogText.escape(String.valueOf(e)));
            }
        });
    }

    @Override
    public Cancellable addIntervalHook(java.time.Duration interval, IntervalHook hook) {
        nonNull(interval, "interval");
        nonNull(hook, "hook");
        if (interval.compareTo(java.time.Duration.ofMillis(10)) < 0 || interval.compareTo(java.time.Duration.ofHours(24)) > 0) {
            throw new InvalidArgumentException("interval must be 10 ms .. 24 h");
        }
        boolean[] cancelled = new boolean[1]; // executor-owned
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> core.scheduler().schedule(() -> executor.execute(() -> {
            if (cancelled[0] || destroyed) {
                return;
            }
            try {
                hook.onInterval(this);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(BridgeImpl.class).warn("bridge {}: interval hook threw {}", id,
                        LogText.escape(String.valueOf(e)));
            }
            tick[0].run();
        }), interval.toNanos(), TimeUnit.NANOSECONDS);
        tick[0].run();
        java.util.concurrent.atomic.AtomicBoolean live = new java.util.concurrent.atomic.AtomicBoolean(true);
        return () -> {
            if (!live.getAndSet(false)) {
                return false;
            }
            executor.execute(() -> cancelled[0] = true);
            return true;
        };
    }

    @Override
    public CompletionStage<Void> destroy() {
        CommandFuture<Void> f = CommandFuture.forCaller(core.pool());
        executor.execute(() -> {
            destroyNow();
            f.succeed(null);
        });
        return f;
    }

    private <T> CompletionStage<T> onBridge(java.util.function.Consumer<CommandFuture<T>> body) {
        CommandFuture<T> f = CommandFuture.forCaller(core.pool());
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

    // ---- ownership protocol (bridge executor) ----

    /** Step 2. Called by the channel after it reserved itself; posts to this bridge's executor. */
    void admit(ChannelImpl c, long token, JoinOptions options, BridgeImpl from, ChannelImpl replaces,
            CommandFuture<Void> f) {
        executor.execute(() -> {
            // options is null only for a move of a channel that was never given any (cannot happen for members)
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
            } else if (replaces != null && from != null && from.held) { // the same, for the bridge c would leave
                refusal = rejected("bridge " + from.id() + " is held open by a transfer in progress; channel "
                        + c.id() + " cannot be swapped out of it until it ends");
            }
            if (refusal != null) {
                c.cancelReservation(this, token);
                f.fail(refusal);
                return;
            }
            pending.put(c, new Pending(token, options, replaces, f));
            c.commitOwnership(this, token, from, options, f);
        });
    }

    /** Step 4. The channel committed to this bridge. */
    void activate(ChannelImpl c, long token) {
        executor.execute(() -> {
            Pending p = pending.get(c);
            if (p == null || p.token() != token) {
                return;
            }
            pending.remove(c);
            if (destroyed) {
                c.leftBridge(this, Leave.ABORTED, null, null);
                p.future().fail(gone());
                return;
            }
            members.put(c, new Member(p.options()));
            hadTwo |= members.size() >= 2;
            ChannelImpl out = p.replaces() != null && members.remove(p.replaces()) != null ? p.replaces() : null;
            announceEntered(c);
            if (out != null) {
                announceLeft(out, BridgeLeft.Reason.SWAPPED_OUT);
            }
            if (p.replaces() != null) {
                announceSwap(swapKinds.remove(p.replaces()), p.replaces(), c);
            }
            if (!dtmfHooks.isEmpty()) {
                c.bridgeHooks(this, dtmfHooks);
            }
            if (out != null) {
                if (pickedUp.remove(p.replaces())) {
                    p.replaces().leftBridge(this, Leave.KICK, HangupCause.ANSWERED_ELSEWHERE, null);
                } else {
                    p.replaces().leftBridge(this, Leave.SWAPPED_OUT, null, null);
                }
            }
            recompute();
            p.future().succeed(null);
            dissolveIfDue(); // the other party may have left while this channel was on its way in
        });
    }

    /** The channel's commit was rejected: it was destroyed first. */
    void abandon(ChannelImpl c, long token) {
        executor.execute(() -> {
            Pending p = pending.get(c);
            if (p != null && p.token() == token) {
                pending.remove(c);
                dissolveIfDue();
            }
        });
    }

    /** The channel left on its own: it hung up, moved away or was redirected ({@code why}). */
    void memberGone(ChannelImpl c, BridgeLeft.Reason why) {
        executor.execute(() -> {
            boolean wasPending = pending.remove(c) != null;
            pickedUp.remove(c);
            if (members.remove(c) != null) {
                announceLeft(c, why);
                recompute();
                dissolveIfDue();
            } else if (wasPending) {
                dissolveIfDue();
            }
        });
    }

    private void removeByBridge(ChannelImpl c, Leave why, HangupCause cause, CommandFuture<Void> f) {
        if (members.remove(c) == null) {
            throw rejected("channel " + c.id() + " is not a member of bridge " + id);
        }
        announceLeft(c, why == Leave.KICK ? BridgeLeft.Reason.KICKED : BridgeLeft.Reason.LEFT);
        recompute();
        c.leftBridge(this, why, cause, f);
        dissolveIfDue();
    }

    private void mergeInto(BridgeImpl target, CommandFuture<Void> f) {
        if (destroyed) {
            f.fail(gone());
            return;
        }
        if (merging) {
            f.fail(rejected("bridge " + id + " is already being merged"));
            return;
        }
        merging = true;
        List<ChannelImpl> toMove = new ArrayList<>(members.keySet());
        if (toMove.isEmpty()) {
            destroyNow();
            f.succeed(null);
            return;
        }
        int[] outstanding = {toMove.size()};
        Throwable[] firstError = new Throwable[1];
        for (ChannelImpl c : toMove) {
            CommandFuture<Void> moved = CommandFuture.forCaller(core.pool()); // completes back on this executor
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
            c.reserveOwnership(target, this, false, null, null, moved);
        }
    }

    private void destroyNow() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        ticking = false;
        List<ChannelImpl> leaving = new ArrayList<>(members.keySet());
        for (ChannelImpl c : leaving) {
            members.remove(c);
            announceLeft(c, BridgeLeft.Reason.DESTROYED);
            c.leftBridge(this, Leave.DESTROYED, null, null);
        }
        mode = BridgeSnapshot.Mode.IDLE;
        publish();
        if (announce(EventKind.BRIDGE_DESTROYED)) {
            core.events.publish(new BridgeDestroyed(id, eventSequence, now()));
        }
        core.bridgeDestroyed(this);
    }

    /**
     * Keeps the bridge from dissolving until {@link #releaseHold()} (a transfer in progress); meanwhile no member can
     * be swapped out, here or into another bridge's swap, so the parties the transfer watches stay the ones it will
     * connect (moves, the transfer's own steps, are allowed). Any thread.
     */
    void holdOpen() {
        executor.execute(() -> {
            holds++;
            held = true;
        });
    }

    /** Whether a hold is in place (it may change at any moment). Any thread. */
    boolean held() {
        return held;
    }

    /**
     * Ends one {@link #holdOpen()}; the bridge dissolves now if it is due. A held bridge served a call, so from now on
     * WHEN_ONE_LEFT applies even if it never had two members (a consultation the target never joined). Any thread.
     */
    void releaseHold() {
        executor.execute(() -> {
            holds--;
            held = holds > 0;
            hadTwo = true;
            dissolveIfDue();
        });
    }

    private void dissolveIfDue() {
        if (destroyed || merging || holds > 0 || !pending.isEmpty()) {
            return;
        }
        boolean due = switch (dissolve) {
            case WHEN_ONE_LEFT -> hadTwo && members.size() <= 1;
            case WHEN_EMPTY -> members.isEmpty();
            case NEVER -> false;
        };
        if (due) {
            destroyNow();
        }
    }

    // ---- media (bridge executor) ----

    /**
     * Decides where each member's media goes, publishes the snapshot, then tells the members whose assignment
     * changed, and starts or stops the mixer. Publishing first matters: a member checks that the bridge still lists
     * it before telling its tech bridged(peer).
     */
    private void recompute() {
        int n = members.size();
        BridgeSnapshot.Mode next = kind == BridgeOptions.Kind.HOLDING ? BridgeSnapshot.Mode.HOLDING
                : n == 2 ? BridgeSnapshot.Mode.TWO_PARTY
                : n >= 3 ? BridgeSnapshot.Mode.MIXING : BridgeSnapshot.Mode.IDLE;
        List<ChannelImpl> chans = new ArrayList<>(members.keySet());
        List<ChannelImpl> changed = new ArrayList<>();
        for (int i = 0; i < chans.size(); i++) {
            ChannelImpl c = chans.get(i);
            Member m = members.get(c);
            ChannelImpl peer = next == BridgeSnapshot.Mode.TWO_PARTY ? chans.get(1 - i) : null;
            boolean mixing = next == BridgeSnapshot.Mode.MIXING;
            if (m.peer != peer || m.mixing != mixing) {
                m.peer = peer;
                m.mixing = mixing;
                changed.add(c);
            }
        }
        mode = next;
        publish();
        for (ChannelImpl c : changed) {
            Member m = members.get(c);
            c.bridgeTopology(this, m.peer, m.mixing);
        }
        if (mode == BridgeSnapshot.Mode.MIXING && !ticking) {
            ticking = true;
            nextTickDue = core.scheduler().nanoTime();
            scheduleTick(++tickGeneration); // a tick of an earlier mixing period, still pending, finds it stale
        } else if (mode != BridgeSnapshot.Mode.MIXING) {
            ticking = false;
        }
    }

    /** Voice from a member in mixing mode. Any thread; queued on the bridge's media lane. */
    void mixIn(ChannelImpl c, MediaFrame frame) {
        executor.executeMedia(() -> {
            Member m = members.get(c);
            if (m == null || mode != BridgeSnapshot.Mode.MIXING || !(frame instanceof VoiceFrame v)) {
                return;
            }
            MixFormat f = MixFormat.of(v.format());
            if (f == null) { // a format the mixer cannot decode: this member's voice is left out
                return;
            }
            m.format = f;
            m.samples = f.decode(v, m.voice);
        });
    }

    /**
     * Schedules the next tick at the next multiple of 20 ms from the start, so late ticks do not drift the period;
     * after a stall of more than five periods the missed ticks are skipped rather than sent in a burst.
     */
    private void scheduleTick(long generation) {
        long now = core.scheduler().nanoTime();
        nextTickDue += MIX_PERIOD_NANOS;
        if (nextTickDue < now - 5 * MIX_PERIOD_NANOS) {
            nextTickDue = now + MIX_PERIOD_NANOS;
        }
        long delay = Math.max(0, nextTickDue - now);
        core.scheduler().schedule(() -> executor.execute(() -> tick(generation)), delay, TimeUnit.NANOSECONDS);
    }

    private void tick(long generation) {
        if (!ticking || generation != tickGeneration) {
            return;
        }
        int[] sum = new int[MixFormat.FRAME_SAMPLES];
        for (Member m : members.values()) {
            for (int i = 0; i < m.samples; i++) {
                sum[i] += m.voice[i];
            }
        }
        for (Map.Entry<ChannelImpl, Member> e : members.entrySet()) {
            Member m = e.getValue();
            int[] out = new int[MixFormat.FRAME_SAMPLES];
            for (int i = 0; i < out.length; i++) {
                int s = sum[i] - (i < m.samples ? m.voice[i] : 0);
                out[i] = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, s));
            }
            e.getKey().write(new VoiceFrame(m.format.format, m.format.encode(out), MixFormat.FRAME_SAMPLES,
                    mixTimestamp));
        }
        for (Member m : members.values()) {
            m.samples = 0; // a member that sends nothing until the next tick contributes silence
        }
        mixTimestamp += MixFormat.FRAME_SAMPLES;
        scheduleTick(generation);
    }

    // ---- events (bridge executor) ----

    /** Counts an event of this bridge's stream; true if anyone may want it (only then is it built). */
    private boolean announce(EventKind eventKind) {
        eventSequence++;
        return core.events.wants(eventKind);
    }

    private long now() {
        return core.scheduler().currentTimeMillis();
    }

    private List<ChannelId> memberIds() {
        List<ChannelId> ids = new ArrayList<>(members.size());
        for (ChannelImpl m : members.keySet()) {
            ids.add(m.id());
        }
        return ids;
    }

    private List<ChannelRef> memberRefsBut(ChannelImpl except) {
        List<ChannelRef> refs = new ArrayList<>(members.size());
        for (ChannelImpl m : members.keySet()) {
            if (m != except) {
                refs.add(m.ref());
            }
        }
        return refs;
    }

    private void announceEntered(ChannelImpl c) {
        if (announce(EventKind.BRIDGE_ENTERED)) {
            core.events.publish(new BridgeEntered(id, eventSequence, now(), c.ref(), memberIds()));
        }
    }

    private void announceLeft(ChannelImpl c, BridgeLeft.Reason why) {
        if (announce(EventKind.BRIDGE_LEFT)) {
            core.events.publish(new BridgeLeft(id, eventSequence, now(), c.ref(), why, memberIds()));
        }
    }

    /** A swap completed: {@code in} replaced {@code out} (which may have hung up meanwhile). */
    private void announceSwap(SwapKind swapKind, ChannelImpl out, ChannelImpl in) {
        if (swapKind == SwapKind.BLIND_TRANSFER && announce(EventKind.BLIND_TRANSFERRED)) {
            core.events.publish(new BlindTransferred(id, eventSequence, now(), out.ref(), in.ref(),
                    memberRefsBut(in)));
        } else if (swapKind == SwapKind.PICKUP && announce(EventKind.CALL_PICKED_UP)) {
            core.events.publish(new CallPickedUp(id, eventSequence, now(), in.ref(), out.ref(), memberRefsBut(in)));
        }
    }

    /** An attended transfer that began in this bridge ended. Any thread; queued. */
    void announceAttendedTransfer(ChannelImpl transferer, ChannelImpl target, List<ChannelImpl> transferees,
            BridgeImpl consultation, org.strowger.api.AttendedTransfer.Outcome outcome) {
        List<ChannelImpl> parties = List.copyOf(transferees);
        executor.execute(() -> {
            if (announce(EventKind.ATTENDED_TRANSFER_ENDED)) {
                List<ChannelRef> refs = new ArrayList<>(parties.size());
                parties.forEach(t -> refs.add(t.ref()));
                core.events.publish(new AttendedTransferEnded(id, eventSequence, now(), transferer.ref(), target.ref(),
                        refs, consultation.id(), outcome));
            }
        });
    }

    // ---- snapshots and errors ----

    private void publish() {
        List<ChannelId> ids = new ArrayList<>(members.size());
        for (ChannelImpl c : members.keySet()) {
            ids.add(c.id());
        }
        snapshot = new BridgeSnapshot(id, kind, dissolve, mode, ids, destroyed, createdAt, ++version);
    }

    NoSuchBridgeException gone() {
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
