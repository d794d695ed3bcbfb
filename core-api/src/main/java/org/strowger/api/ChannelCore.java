package org.strowger.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventSubscriber;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.media.Translator;
import org.strowger.spi.ChannelTech;

/**
 * The embedded core: the registry of live channels, the registered techs, and the way to create outbound channels.
 * All methods are thread-safe and never block; lookups are lock-free and never wait for a busy channel.
 */
public interface ChannelCore {
    /** The live channel with this id, if any. */
    Optional<Channel> channel(ChannelId id);

    /** The live channel with this name, if any. */
    Optional<Channel> channelByName(String name);

    /**
     * The live channel with this id.
     *
     * @throws NoSuchChannelException with {@code UNKNOWN} if there is none
     */
    Channel requireChannel(ChannelId id);

    /**
     * A weakly consistent list of the live channels' snapshots: each channel live for the whole iteration appears
     * once; channels created or destroyed meanwhile may or may not. An id appears at most once, even when a channel
     * with an assigned id is destroyed and its id reused during the listing. Never blocks channel creation.
     */
    List<ChannelSnapshot> channels();

    /** Number of live channels. */
    int channelCount();

    /** Number of live channels of the named tech (0 for an unknown tech). */
    int channelCount(String techName);

    /**
     * Creates an outbound channel in state {@code DOWN}. The tech's {@code newChannel} runs on the new channel's
     * executor; place the call with {@link Channel#call()}. The channel is registered when this returns.
     *
     * @throws CommandRejectedException with {@code SHUTTING_DOWN}, {@code RATE_LIMITED}, {@code LIMIT_REACHED},
     *     {@code UNKNOWN_TECH}, {@code ENDPOINT_BUSY} or {@code DUPLICATE_ID} (checked in this order); its
     *     {@link CommandRejectedException#hangupCause() hangupCause} is the cause to report for the attempt. Nothing is
     *     left behind: no channel, no counter taken
     */
    Channel request(OutboundRequest request);

    /**
     * Dials: rings the dial string's targets (its groups one after another, the targets of a group at once) until one
     * answers, then hands the winner over as {@link DialRequest#onAnswer()} says and hangs every other leg up with
     * {@link HangupCause#ANSWERED_ELSEWHERE}. A single target with a chosen id ({@code DialTarget.withId}) is an
     * originate with an assigned id. With a caller, the dial's first step is queued on the caller's executor, in call
     * order with the commands the calling thread gave it before (a caller that hung up before is seen: the dial ends
     * CANCELLED). Returns at once; the legs are created and called on the dial's own executor, and
     * a leg that cannot be created (unknown tech, a limit, a duplicate id) is a failed leg in the result, not an
     * exception. Semantics, timeouts, early media and forwarding: docs/dialing.md.
     *
     * @throws InvalidArgumentException if {@code request} is null, a variable of it is malformed, or its caller or a
     *     channel or bridge named by its {@code onAnswer} is not of this core; nothing is started
     */
    DialHandle dial(DialRequest request);

    /**
     * Registers a tech under its {@link ChannelTech#name() name}; its {@code start} runs on the calling thread.
     *
     * @throws InvalidArgumentException if the name is malformed or taken
     * @throws CommandRejectedException with {@code SHUTTING_DOWN} during shutdown
     * @throws StrowgerException if the tech's {@code start} throws (the tech is not registered)
     */
    void registerTech(ChannelTech tech);

    /** Registers every {@link ChannelTech} that {@link java.util.ServiceLoader} finds; returns their names. */
    List<String> registerServiceLoaderTechs();

    /** The names of the registered techs. */
    List<String> techNames();

    /**
     * Unregisters a tech: new requests and inbound calls for it are refused at once, its live channels are hung up
     * with {@link HangupCause#TECH_UNREGISTERED}, and the stage completes after the last one is destroyed and the
     * tech's {@code stop} has run. No callback of the tech runs after that. Like every stage of the core, it completes
     * on the caller's executor if the caller runs on one.
     *
     * @throws InvalidArgumentException if no tech has this name
     */
    CompletionStage<Void> unregisterTech(String techName);

    /**
     * Creates a bridge.
     *
     * @throws CommandRejectedException with {@code DUPLICATE_ID} or {@code SHUTTING_DOWN}
     */
    Bridge createBridge(BridgeOptions options);

    /** The live bridge with this id, if any. */
    Optional<Bridge> bridge(BridgeId id);

    /** A weakly consistent list of the live bridges' snapshots. */
    List<BridgeSnapshot> bridges();

    /** Number of live bridges. */
    int bridgeCount();

    /**
     * Blind transfer: a new channel to {@code target} (created on the transferer's behalf, so it shares its linked
     * id) takes the transferer's place in its bridge in one swap and is then called; the transferee hears it ring.
     * The transferer then follows its after-bridge policy. Completes with the target channel once it is in the bridge.
     *
     * <p>Like the other transfers, its first step is a command on the transferer's executor (the swap's lock), so it
     * runs in call order with the commands the calling thread gave the transferer before, and a second transfer of it
     * issued right after this one finds this one in progress and fails with {@code WRONG_STATE}. It fails with a
     * reason if the transferer is not in a bridge by then, is being moved or replaced, is in a bridge an attended
     * transfer holds open, or hung up; the target, never called, is then hung up, and nothing else changes.
     *
     * @throws CommandRejectedException if the target channel cannot be created (as {@link #request}); nothing is
     *     started
     */
    CompletionStage<Channel> blindTransfer(Channel transferer, OutboundRequest target);

    /**
     * Starts an attended transfer: the transferer leaves its bridge (held open; the other members are told HOLD) for
     * a consultation bridge with a new channel to {@code target}. Completes once the consultation has begun. Its first
     * step, the transferer's reservation for the consultation, is a command on the transferer's executor, ordered as
     * for {@link #blindTransfer}; it fails with {@code WRONG_STATE} if the transferer is not in a bridge by then (the
     * target is hung up, never called).
     *
     * @throws CommandRejectedException if the target channel cannot be created (as {@link #request})
     */
    CompletionStage<AttendedTransfer> attendedTransfer(Channel transferer, OutboundRequest target);

    /**
     * Sends {@code party} to {@code target}: a new channel to the target (created on the party's behalf) and the party
     * are put in a new call bridge, and the target is called, so the party hears it ring. Works the same whoever owns
     * the party: an application (an IVR handing its caller on) is asked to let it go, as for any join; a bridge (a
     * call) is left as in a move, and whoever the party was with follows the usual rules (a two-party call ends, the
     * other member following its after-bridge policy). The party keeps the after-bridge policy it had in a bridge,
     * else hangs up after the call; the target hangs up after it. Completes with the target channel once both are in
     * the new bridge. Its first step is a command on the party's executor, in call order. Fails with the reason if
     * the party cannot move (its application refuses, another ownership change of it is in progress, it hung up):
     * the target, never called, is hung up.
     *
     * @throws CommandRejectedException if the target channel cannot be created (as {@link #request}), or the core is
     *     shutting down
     */
    CompletionStage<Channel> sendTo(Channel party, OutboundRequest target);

    /**
     * Call pickup: {@code picker} takes the place of {@code ringing}, an outbound channel that is still ringing and
     * is bridged with its caller (early media), in one swap; {@code ringing} is then hung up with
     * {@link HangupCause#ANSWERED_ELSEWHERE} and an inbound picker in state RING is answered. Of several pickups and
     * a real answer racing for one ringing channel exactly one wins, decided when a pickup locks the ringing leg (a
     * command on its executor, in call order): an answer after that is too late (the leg is still hung up). Losing
     * pickups fail with {@code WRONG_STATE}, or with {@link NoSuchChannelException} if the winner has already hung the
     * leg up.
     *
     * <p>If {@code ringing} is a leg that a {@link #dial} is ringing, the dial decides instead: the pickup, the legs'
     * answers, other pickups and a cancel are taken in the order they reach the dial, and a winning picker becomes the
     * dial's winner, handed over as its request says (every leg is then hung up with {@code ANSWERED_ELSEWHERE}); the
     * stage completes once that hand-over is done. See docs/dialing.md.
     */
    CompletionStage<Void> pickup(Channel picker, Channel ringing);

    /**
     * The formats this core can translate between: every format a registered codec decodes (the built-in G.711,
     * 16-bit linear at 8, 16, 24 and 48 kHz, and G.722, and those of codecs given to the builder or found by
     * {@link java.util.ServiceLoader}). Any thread.
     */
    List<MediaFormat> translatableFormats();

    /**
     * A new translator from {@code from} to {@code to}, for an application or a tap that wants audio in a format of
     * its own (the core's paths translate by themselves). Any thread; the translator itself is for one stream.
     *
     * @throws InvalidArgumentException if a format is null, or not one of {@link #translatableFormats()}
     */
    Translator translator(MediaFormat from, MediaFormat to);

    /**
     * A new jitter buffer, for an application that consumes a stream of voice frames on a clock (a tap feeding a
     * speech service, say), timing arrivals on the core's clock. Any thread; the buffer is for one thread at a time.
     *
     * @throws InvalidArgumentException if {@code options} is null or its format is not one of
     *     {@link #translatableFormats()}
     */
    org.strowger.api.media.JitterBuffer newJitterBuffer(org.strowger.api.media.JitterBufferOptions options);

    /** The core's counters. */
    CoreStats stats();

    // ---- admission control ----

    /**
     * Sets or changes the most live channels {@code endpoint} may have at once (like chan_sip's {@code call-limit}).
     * A channel counts against its endpoint from its creation until it is destroyed, however it ends (hang-up,
     * transfer, move, unregister, shutdown); a creation that would go beyond the limit is refused with
     * {@link CommandRejectedException.Reason#ENDPOINT_BUSY} and {@link HangupCause#USER_BUSY}.
     *
     * <p>Setting a limit on an endpoint that has none counts the endpoint's live channels at once. Lowering a limit
     * (or setting one below the live count) hangs nothing up: new channels are refused until the count drops below
     * it. A creation racing the change may be admitted under the old rule, and is counted. {@code 0} refuses every
     * new channel. Any thread; never blocks.
     *
     * @param endpoint the key (see {@link EndpointUsage})
     * @param max 0 .. {@link Integer#MAX_VALUE}
     * @throws InvalidArgumentException for a malformed endpoint or a negative {@code max}
     */
    void setUsageLimit(String endpoint, int max);

    /**
     * Removes {@code endpoint}'s limit; its channels are no longer counted (or refused). Any thread.
     *
     * @return true if it had one
     * @throws InvalidArgumentException for a malformed endpoint
     */
    boolean removeUsageLimit(String endpoint);

    /**
     * The limit of {@code endpoint} and its live channels counted now, or empty if it has no limit (channels are
     * counted only on endpoints with a limit). Any thread; lock-free.
     *
     * @throws InvalidArgumentException for a malformed endpoint
     */
    Optional<EndpointUsage> usage(String endpoint);

    /** Every endpoint with a limit, with its usage; a weakly consistent list. */
    List<EndpointUsage> usageLimits();

    /**
     * Sets or replaces the creation rate: channels (inbound and outbound) created beyond it are refused with
     * {@link CommandRejectedException.Reason#RATE_LIMITED} and {@link HangupCause#SWITCH_CONGESTION}. The new rate
     * starts with a full bucket of {@link CreationRate#burst()} creations. Any thread.
     *
     * @throws InvalidArgumentException if {@code rate} is null
     */
    void setCreationRate(CreationRate rate);

    /** Removes the creation rate: creations are no longer rate-limited. */
    void removeCreationRate();

    /** The creation rate in force, or empty if there is none. */
    Optional<CreationRate> creationRate();

    /**
     * Counters and gauges of the whole core, computed now: {@link #stats()} plus bridges, media drops, executor queue
     * depths and event delivery. Walks the live channels, so it costs in proportion to their number; call it at a
     * monitoring interval, not per call.
     */
    CoreMetrics metrics();

    /** The live channels as a text table ({@link OperatorView#channelTable}), durations on the core's clock. */
    String channelTable();

    /** The live bridges as a text table ({@link OperatorView#bridgeTable}), ages on the core's clock. */
    String bridgeTable();

    /**
     * Subscribes to the core's events with {@link SubscribeOptions#defaults()}: the subscriber runs on a thread of its
     * own and may block. See {@link #subscribe(EventFilter, EventSubscriber, SubscribeOptions)}.
     */
    default Subscription subscribe(EventFilter filter, EventSubscriber subscriber) {
        return subscribe(filter, subscriber, SubscribeOptions.defaults());
    }

    /**
     * Subscribes to the core's events from now on: every event that passes {@code filter} is queued for
     * {@code subscriber} by the executor that emits it, and delivered in order, one at a time, on the subscription's
     * own executor (see {@link Subscription} for the ordering guarantee and the overflow policy). Events that happened
     * before the call are not replayed. With no subscription at all, events cost the core nothing but a counter per
     * channel.
     *
     * @throws InvalidArgumentException if an argument is null
     * @throws CommandRejectedException with {@code SHUTTING_DOWN} once the core has stopped
     */
    Subscription subscribe(EventFilter filter, EventSubscriber subscriber, SubscribeOptions options);

    /**
     * Orderly shutdown: refuses new channels, hangs up all with {@link HangupCause#SYSTEM_SHUTDOWN}, waits for every
     * destroy, stops the techs, then stops the pool and scheduler the core owns. Idempotent. The stage completes on
     * the caller's executor if that is still running, else on a pool thread.
     */
    CompletionStage<Void> shutdown();
}
