package org.strowger.api.dial;

/** What the caller hears while several targets ring at once. With one target, its progress and media always pass. */
public enum EarlyMediaPolicy {
    /** The caller is told RINGING once; no leg's early media or progress reaches it. The default. */
    RINGBACK,
    /** The first leg to signal progress passes its progress and early media to the caller; the others are muted. */
    FIRST_PROGRESS
}
