package org.strowger.api;

/**
 * Supplied by the embedding application: receives every new inbound channel first and says which application owns
 * it. Without a handler the core rejects inbound calls with {@link HangupCause#NO_ROUTE_DESTINATION}.
 */
@FunctionalInterface
public interface InboundCallHandler {
    /**
     * Chooses the owner of a new inbound channel. Runs on that channel's executor, before any other event of it.
     *
     * @return the owning application, or {@code null} to reject the call with {@code NO_ROUTE_DESTINATION}.
     *     Throwing hangs the channel up with {@link HangupCause#APPLICATION_FAULT}.
     */
    Application route(Channel channel);
}
