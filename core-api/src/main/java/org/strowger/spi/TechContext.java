package org.strowger.spi;

import java.util.function.Function;
import org.strowger.api.CommandRejectedException;

/**
 * Given to a tech at {@link ChannelTech#start}. Thread-safe: call it from the tech's own (network) threads.
 */
public interface TechContext {
    /**
     * Announces an inbound call. The channel is created and registered before this returns; then, on the channel's
     * executor, {@code factory} creates the tech side (it receives the channel's sink) and the core's inbound-call
     * handler chooses the owner. Upcalls on the returned sink are queued behind that, so the tech may use it at once.
     *
     * @param factory runs on the new channel's executor; throwing or returning null hangs the channel up with
     *     {@link org.strowger.api.HangupCause#TECH_FAULT}
     * @return the new channel's sink
     * @throws CommandRejectedException if the core refuses the call: {@code SHUTTING_DOWN}, {@code RATE_LIMITED} (the
     *     creation rate), {@code LIMIT_REACHED} (the core's live-channel limit), {@code UNKNOWN_TECH} (the tech is
     *     being unregistered), {@code ENDPOINT_BUSY} (the call's endpoint, {@link InboundCall#endpoint()} or
     *     {@code tech/resource}, is at its usage limit) or {@code DUPLICATE_ID}. Nothing is left behind (no channel,
     *     no counter taken, the factory never runs); refuse the call on the network with the exception's
     *     {@link CommandRejectedException#hangupCause() hangupCause} ({@code SWITCH_CONGESTION}, e.g. SIP 503, for
     *     the core's limits and rate; {@code USER_BUSY}, e.g. SIP 486, for a busy endpoint)
     * @throws org.strowger.api.InvalidArgumentException if {@code call} or {@code factory} is null, or a chosen id
     *     starts with the core's own id prefix
     */
    ChannelSink announceInbound(InboundCall call, Function<ChannelSink, TechChannel> factory);

    /** The core's clock in nanoseconds (virtual under simulation). */
    long nanoTime();

    /**
     * A new serial executor for tech state that is no single channel's (a dialog, a transaction, a registration), on
     * the core's pool, with timers on the core's clock ({@link TechExecutor#schedule}). It is drained and closed
     * after the tech's channels, before {@link ChannelTech#stop()}. An executor costs no thread, and one the tech no
     * longer refers to, with nothing queued or pending, is garbage like any object: make one per dialog if you like.
     *
     * @param label names it in stall reports and log lines as {@code tech <name> <label>} (untrusted text is
     *     escaped)
     * @throws org.strowger.api.InvalidArgumentException if {@code label} is null or empty
     * @throws CommandRejectedException {@code UNKNOWN_TECH} once the tech is being unregistered (or, at shutdown, once
     *     its channels are gone and it is being stopped)
     */
    TechExecutor newExecutor(String label);

    /**
     * A new jitter buffer for a stream this tech receives (RTP, say) and consumes on a clock, timing arrivals on the
     * core's clock. Any thread; the buffer itself is for one thread at a time (the channel's or a tech executor).
     *
     * @throws org.strowger.api.InvalidArgumentException if {@code options} is null or its format is not one the core
     *     translates ({@link org.strowger.api.ChannelCore#translatableFormats})
     */
    org.strowger.api.media.JitterBuffer newJitterBuffer(org.strowger.api.media.JitterBufferOptions options);
}
