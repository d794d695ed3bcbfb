package org.strowger.api;

/**
 * What owns a live channel. Every live channel has exactly one owner at every instant: nobody (parked, or not yet
 * routed), an {@link Application}, or a bridge. Ownership changes only by message on the channel's executor.
 */
public enum OwnerKind {
    NONE,
    APPLICATION,
    BRIDGE
}
