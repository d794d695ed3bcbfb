package org.strowger.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.Frame;
import org.strowger.api.media.CollectedDigits;
import org.strowger.api.media.DigitCollection;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.Playback;
import org.strowger.api.media.RecordOptions;
import org.strowger.api.media.Recording;

/**
 * A thread-safe handle to a channel. Every method may be called from any thread.
 *
 * <p>Commands are queued as tasks on the channel's serial executor, in call order per calling thread, and each is
 * either executed or rejected with a reason: its {@link CompletionStage} completes normally once executed, or
 * exceptionally with {@link NoSuchChannelException} (channel hung up or destroyed), {@link CommandRejectedException}
 * (state does not allow it), a plain {@link StrowgerException} (a tech or application callback the command ran threw;
 * the channel was hung up for it, with the callback's exception as the cause) or another documented exception. A
 * command is never dropped silently. Arguments are
 * checked synchronously: a bad argument throws {@link InvalidArgumentException} and queues nothing.
 *
 * <p>Continuations: if the caller runs on another channel's (or bridge's) executor, the returned stage completes on
 * the caller's executor, so dependent actions never run on a foreign channel's thread. Otherwise it completes on a
 * pool thread. Calling {@code join()}/{@code get()} on it from an executor thread throws
 * {@link BlockingOnOwnerThreadException}.
 *
 * <p>A handle never keeps a channel alive: once the channel is destroyed its resources are released, and every
 * command through a stale handle fails fast with {@link NoSuchChannelException.Reason#DESTROYED}.
 */
public interface Channel {
    /** The immutable id. */
    ChannelId id();

    /** The immutable, unique name (e.g. {@code Fake/alice-0000002a}). */
    String name();

    /** The name of the tech that drives this channel. */
    String techName();

    /** Inbound or outbound. */
    Direction direction();

    /** The linked call id: the id of the first channel of the call. Never changes. */
    ChannelId linkedId();

    /** The latest published snapshot; lock-free, from any thread. */
    ChannelSnapshot snapshot();

    /** The latest published state; shorthand for {@code snapshot().state()}. */
    default ChannelState state() {
        return snapshot().state();
    }

    /**
     * A variable's value from the latest snapshot.
     *
     * @throws InvalidArgumentException if {@code name} is null
     */
    default Optional<String> variable(String name) {
        if (name == null) {
            throw new InvalidArgumentException("variable name must not be null");
        }
        return Optional.ofNullable(snapshot().variables().get(name));
    }

    /** True if the calling thread is this channel's executor right now. One comparison. */
    boolean inExecutor();

    /** The core this channel belongs to: how an application's callbacks reach it (to dial, bridge, transfer). */
    ChannelCore core();

    /**
     * Places an outbound call: the tech's {@code call} callback runs, the state goes {@code DOWN -> DIALING}.
     * Rejected with {@code WRONG_STATE} unless the channel is outbound and {@code DOWN}.
     */
    CompletionStage<Void> call();

    /**
     * Answers an inbound call: the tech's {@code answer} callback runs, and the channel goes {@code RING -> UP} when
     * the tech confirms the answer ({@link org.strowger.spi.ChannelSink#answered()}); the stage completes then. If the
     * call ends first (the caller cancelled as the answer went out), the stage fails with
     * {@link NoSuchChannelException} and the call was never answered. Rejected with {@code WRONG_STATE} unless the
     * channel is inbound, ringing, and not already being answered.
     */
    CompletionStage<Void> answer();

    /**
     * Hangs up with {@code cause}. The tech is told once, the owner is notified, the channel is closed and destroyed.
     * Fails with {@link NoSuchChannelException} if the channel was already hung up.
     */
    CompletionStage<Void> hangup(HangupCause cause);

    /** Sends an indication toward the far end (the tech's {@code indicate} callback). */
    CompletionStage<Void> indicate(Control control);

    /** Sends a connected-line update toward the far end and records it in the snapshot. */
    CompletionStage<Void> updateConnectedLine(Party party);

    /**
     * Sends a DTMF digit toward the far end: the tech's {@code dtmfBegin}, then {@code dtmfEnd} after
     * {@code duration} on the core's scheduler. The stage completes once the digit has ended; it fails with
     * {@link NoSuchChannelException} as soon as the channel hangs up first (no {@code dtmfEnd} is sent then).
     */
    CompletionStage<Void> sendDtmf(char digit, Duration duration);

    /** Sends text toward the far end. */
    CompletionStage<Void> sendText(String text);

    /**
     * Writes a frame toward the far end (the tech's {@code write}, or for DTMF/control/text the matching callback).
     * Voice and video use the bounded media lane: under overload the oldest queued media frame is dropped and
     * counted in {@link #mediaFramesDropped()}. A voice frame in another format than the channel's write format
     * ({@code snapshot().media()}) is translated into it first; a channel whose tech declared no formats gets it as it
     * is. While the channel plays ({@link #play}), voice written to it by others is dropped: the prompt replaces it.
     *
     * @return false if the channel no longer takes frames (hung up or destroyed); the frame was discarded
     */
    boolean write(Frame frame);

    /** Media frames dropped on this channel because its media lane was full. */
    long mediaFramesDropped();

    /**
     * Plays {@code source} toward the far end, one 20 ms frame per tick of the core's clock, in the channel's write
     * format; what others write to the channel meanwhile is dropped (its peer or its bridge's mix). A playback
     * started while another plays replaces it (that one ends {@code REPLACED}). Returns at once; the start is a
     * command on the channel's executor, in order with the calling thread's other commands.
     *
     * @throws InvalidArgumentException if {@code source} is null or a malformed tone plan
     */
    Playback play(MediaSource source);

    /**
     * Records the channel's audio to a WAV file: what the far end says, what it hears, or both mixed. It follows the
     * channel wherever it goes, as a frame tap does. Returns at once.
     *
     * @throws InvalidArgumentException if {@code options} is null
     */
    Recording record(RecordOptions options);

    /**
     * Collects DTMF digits from the far end: up to {@code collection.maxDigits()}, until a terminator, or until a
     * timeout. The first-digit timeout counts from the end of the prompt if the channel is playing one when the
     * collection starts (so play then collect, as an IVR does), else from the start. The digits still reach the
     * owner as events. A digit counts when it ends (its {@code DtmfEnd}). With {@link DigitCollection#bargeIn()}, the
     * first digit stops the channel's playback then, before anything more of it is written. A second collection replaces the first
     * (that one completes {@code REPLACED}). Fails with {@link NoSuchChannelException} if the channel hangs up first.
     *
     * @throws InvalidArgumentException if {@code collection} is null
     */
    CompletionStage<CollectedDigits> collectDigits(DigitCollection collection);

    /**
     * Turns detection of DTMF in the far end's audio on or off (for a leg that sends no RFC 4733 events): detected
     * digits (ITU-T Q.24 limits) enter the channel as if its tech had reported them, so events, feature codes and
     * digit collection see them. The voice itself passes unchanged. Off by default.
     */
    CompletionStage<Void> detectInbandDtmf(boolean on);

    /**
     * Sets a variable; {@code value == null} removes it. A name prefixed {@code _} is inherited by channels created
     * on this channel's behalf (one level), {@code __} by all descendants, as Asterisk's {@code _VAR}/{@code __VAR}.
     * Names are 1..80 characters of {@code [A-Za-z0-9_.-]} after the prefix; values at most 4096 characters.
     */
    CompletionStage<Void> setVariable(String name, String value);

    /**
     * Sets an absolute time limit on the channel, like Asterisk's {@code TIMEOUT(absolute)}: {@code timeout} after
     * this command runs on the channel's executor, measured on the core's clock, the channel is hung up with
     * {@link HangupCause#ALLOTTED_TIMEOUT}, whatever its state and owner. Setting it again replaces the previous limit
     * (counted from the new call); {@code null} or {@link Duration#ZERO} clears it. Fails with
     * {@link NoSuchChannelException} if the channel has hung up.
     *
     * @param timeout 0 (none) .. 24 h, or null (none)
     * @throws InvalidArgumentException if {@code timeout} is negative or longer than 24 h
     */
    CompletionStage<Void> setAbsoluteTimeout(Duration timeout);

    /**
     * Makes {@code application} the channel's owner. If another application owns it, that application is asked to
     * release it ({@link Application#onReleaseRequest}); a refusal fails the stage with {@code OWNER_REFUSED}.
     */
    CompletionStage<Void> attach(Application application);

    /** Releases the channel from its application owner; the channel is then owned by nobody (parked). */
    CompletionStage<Void> detach();

    /**
     * Adds a frame tap; taps see frames in the order they were added. Completes with the handle that takes it off
     * again ({@link Cancellable}; the tap then gets {@code onClose(REMOVED)} unless it was closed already). Fails with
     * {@link NoSuchChannelException} if the channel is hung up first, in which case the tap is never called.
     */
    CompletionStage<Cancellable> addTap(FrameTap tap);

    /**
     * Runs {@code task} on the channel's executor after everything queued before it, e.g. for an application to
     * touch its per-channel state from another thread. The stage completes when the task has run, fails with
     * {@link NoSuchChannelException} if the channel is hung up first, and fails with the task's exception if it
     * throws (the channel is not hung up for that).
     */
    CompletionStage<Void> execute(Runnable task);

    /**
     * Runs {@code task} on the channel's executor after {@code delay} on the core's clock (e.g. an IVR's digit
     * timeout). The task does not run if the channel is hung up by then or the returned handle was cancelled; a task
     * that throws is logged and counted as a callback fault, and the channel goes on. Unlike the other additions this
     * returns its handle at once: it is only a timer, and nothing about it can be refused.
     *
     * @param delay 0 .. 24 h
     */
    Cancellable schedule(Duration delay, Runnable task);
}
