package org.strowger.api;

/**
 * Lifecycle state of a channel.
 *
 * <pre>
 * outbound: DOWN -> DIALING -> RINGING -> UP -> HUNG_UP -> DESTROYED
 * inbound:  RING -> UP -> HUNG_UP -> DESTROYED
 * </pre>
 * Any live state may go straight to {@link #HUNG_UP}. States only move forward along these paths.
 */
public enum ChannelState {
    /** Outbound channel created by a request; the call has not been placed. */
    DOWN,
    /** Outbound call placed; no response from the far end yet. */
    DIALING,
    /** Outbound call: the far end is alerting. */
    RINGING,
    /** Inbound call announced by a tech and not answered yet. */
    RING,
    /** Answered. */
    UP,
    /** Hung up: the tech has been told; no further commands are accepted. */
    HUNG_UP,
    /** Closed and removed from the registry. Terminal. */
    DESTROYED;

    /** True for {@link #HUNG_UP} and {@link #DESTROYED}. */
    public boolean isEnded() {
        return this == HUNG_UP || this == DESTROYED;
    }
}
