package org.strowger.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventSubscriber;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
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
     * once; channels created or destroyed meanwhile may or may not. Never blocks channel creation.
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
     * @throws CommandRejectedException with {@code UNKNOWN_TECH}, {@code LIMIT_REACHED}, {@code DUPLICATE_ID} or
     *     {@code SHUTTING_DOWN}; nothing is left behind
     */
    Channel request(OutboundRequest request);

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
     * The transferer then follows its after-bridge policy. Completes with the target channel once it is in the bridge;
     * fails with a reason if the transferer is not in a bridge, is being moved, or hung up (the target is then hung
     * up, nothing else changes).
     *
     * @throws CommandRejectedException if the target channel cannot be created (as {@link #request})
     */
    CompletionStage<Channel> blindTransfer(Channel transferer, OutboundRequest target);

    /**
     * Starts an attended transfer: the transferer leaves its bridge (held open; the other members are told HOLD) for
     * a consultation bridge with a new channel to {@code target}. Completes once the consultation has begun.
     *
     * @throws CommandRejectedException if the target channel cannot be created (as {@link #request})
     */
    CompletionStage<AttendedTransfer> attendedTransfer(Channel transferer, OutboundRequest target);

    /**
     * Call pickup: {@code picker} takes the place of {@code ringing}, an outbound channel that is still ringing and
     * is bridged with its caller (early media), in one swap; {@code ringing} is then hung up with
     * {@link HangupCause#ANSWERED_ELSEWHERE} and an inbound picker in state RING is answered. Of several pickups and
     * a real answer racing for one ringing channel exactly one wins, decided when a pickup locks the ringing leg: an
     * answer after that is too late (the leg is still hung up). Losing pickups fail with {@code WRONG_STATE}, or with
     * {@link NoSuchChannelException} if the winner has already hung the leg up.
     */
    CompletionStage<Void> pickup(Channel picker, Channel ringing);

    /** The core's counters. */
    CoreStats stats();

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
