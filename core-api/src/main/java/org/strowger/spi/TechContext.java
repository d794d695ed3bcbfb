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
     * @throws CommandRejectedException if a limit is reached ({@code LIMIT_REACHED}), the tech is being unregistered
     *     or the core is shutting down; nothing is left behind, and the tech should refuse the call on the network
     *     (e.g. SIP 503)
     */
    ChannelSink announceInbound(InboundCall call, Function<ChannelSink, TechChannel> factory);

    /** The core's clock in nanoseconds (virtual under simulation). */
    long nanoTime();
}
