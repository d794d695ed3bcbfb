package org.strowger.api.media;

/**
 * Which way media flows between a channel and its far end (SDP's {@code a=sendrecv} and friends, from the core's
 * side: "send" is toward the far end, "receive" from it).
 */
public enum MediaDirection {
    /** Both ways. */
    SEND_RECEIVE,
    /** The core sends, the far end sends nothing (the far end put the call on hold). */
    SEND_ONLY,
    /** The far end sends, the core sends nothing (the core put the far end on hold). */
    RECEIVE_ONLY,
    /** Neither way. */
    INACTIVE;

    /** True if the far end sends media. */
    public boolean receives() {
        return this == SEND_RECEIVE || this == RECEIVE_ONLY;
    }

    /** True if media is sent toward the far end. */
    public boolean sends() {
        return this == SEND_RECEIVE || this == SEND_ONLY;
    }
}
