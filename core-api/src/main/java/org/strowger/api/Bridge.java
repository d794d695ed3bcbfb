package org.strowger.api;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.Playback;

/**
 * A thread-safe handle to a bridge: channels that exchange media. A bridge owns its member channels (see
 * {@link OwnerKind#BRIDGE}); it has its own executor, and every operation is a short protocol of messages between the
 * bridge and the channels involved. No operation waits while holding anything: a conflict (a channel already joining
 * elsewhere, a member that hung up meanwhile) fails the stage with a reason and leaves every entity valid. Channel
 * identities never change.
 *
 * <p>Stages complete as for {@link Channel} commands: on the caller's executor if it runs on one. Arguments are
 * checked synchronously ({@link InvalidArgumentException}); a destroyed bridge fails stages with
 * {@link NoSuchBridgeException}.
 */
public interface Bridge {
    BridgeId id();

    /** The latest published snapshot. */
    BridgeSnapshot snapshot();

    /**
     * Adds {@code channel}. If an application owns it, the application is asked to release it first
     * ({@code OWNER_REFUSED} if it refuses). Fails with {@code WRONG_STATE} if the channel is in a bridge already
     * (use {@link #move}) or another ownership change of it is in progress.
     */
    CompletionStage<Void> join(Channel channel, JoinOptions options);

    /**
     * Removes a member; it then follows its {@link AfterBridge} policy. Fails with {@code WRONG_STATE} if not a member.
     */
    CompletionStage<Void> leave(Channel channel);

    /** Removes a member and hangs it up with {@code cause}. */
    CompletionStage<Void> kick(Channel channel, HangupCause cause);

    /**
     * Moves a member of this bridge into {@code to} in one step: it is a member of exactly one of the two at every
     * instant. Its {@link AfterBridge} policy is kept unless {@code options} is given.
     */
    CompletionStage<Void> move(Channel channel, Bridge to, JoinOptions options);

    /**
     * Replaces member {@code out} by {@code in} in one step: the bridge holds the old member or the new one, never
     * neither or both. {@code out} then follows its {@link AfterBridge} policy. {@code in} may be a member of another
     * bridge, which it leaves (as in a move; this is how a chain of Local channels collapses), or owned by an
     * application, which is asked to release it. {@code out} is locked first: until the swap ends, any other
     * ownership change of it fails with {@code WRONG_STATE} (only a hang-up can take it away). While an attended
     * transfer holds this bridge open (it is the transfer's home or consultation bridge), or a dial is handing its
     * winner over into it, a swap fails with {@code WRONG_STATE}: the parties stay the ones the transfer will connect.
     *
     * @param inOptions the incoming channel's options, or null to keep those it has in its current bridge
     *     ({@link AfterBridge#HANG_UP} if it has none)
     */
    CompletionStage<Void> swap(Channel out, Channel in, JoinOptions inOptions);

    /** Moves every member of {@code other} into this bridge, then destroys {@code other}. */
    CompletionStage<Void> merge(Bridge other);

    /**
     * Registers a DTMF feature code for every member. A member's digits are held back while they may still start a
     * sequence: on a match the hook runs and the digits are never passed on; on a mismatch, or after
     * {@link #DTMF_INTERDIGIT_TIMEOUT} without a further digit, they are passed on to the other party as keyed.
     * Completes with a handle that removes the hook; fails with {@link NoSuchBridgeException} if the bridge is
     * destroyed first.
     *
     * @param sequence 1..16 DTMF digits ({@code 0-9 * # A-D})
     * @throws InvalidArgumentException for a malformed sequence or a null hook
     * @return a stage that fails with {@link CommandRejectedException.Reason#CONFLICT} if the sequence equals, or is
     *     a prefix of, or starts with, one already registered (it could never be told apart)
     */
    CompletionStage<Cancellable> addDtmfHook(String sequence, DtmfHook hook);

    /** How long a member's held-back digits wait for the next digit of a feature code. */
    Duration DTMF_INTERDIGIT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * Runs {@code hook} on the bridge's executor every {@code interval} on the core's clock, the first time one
     * interval from now, until cancelled or the bridge is destroyed. Completes with the handle that cancels it; fails
     * with {@link NoSuchBridgeException} if the bridge is destroyed first.
     *
     * @param interval 10 ms .. 24 h
     * @throws InvalidArgumentException for a null or out-of-range interval, or a null hook
     */
    CompletionStage<Cancellable> addIntervalHook(Duration interval, IntervalHook hook);

    /**
     * Plays {@code source} to every member (present and joining while it plays), mixed with what the members say: a
     * two-party bridge mixes while it plays, and a holding bridge's members hear the source alone (music on hold, a
     * parking announcement). A playback started while another plays replaces it. Returns at once.
     *
     * @throws InvalidArgumentException if {@code source} is null or a malformed tone plan
     */
    Playback play(MediaSource source);

    /** Ends the bridge: every member leaves and follows its {@link AfterBridge} policy. Idempotent. */
    CompletionStage<Void> destroy();
}
