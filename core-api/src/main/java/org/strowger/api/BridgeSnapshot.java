package org.strowger.api;

import java.util.List;

/**
 * An immutable picture of a bridge, published by its executor after every change; lock-free from any thread.
 *
 * @param id the bridge's id
 * @param kind call or holding
 * @param dissolve its dissolve policy
 * @param mode how media flows right now
 * @param members the member channels, in joining order; immutable
 * @param destroyed true once the bridge has ended; it has no members then
 * @param createdAtMillis wall-clock creation time (from the core's scheduler)
 * @param version increases by one with each published change
 */
public record BridgeSnapshot(BridgeId id, BridgeOptions.Kind kind, BridgeOptions.Dissolve dissolve, Mode mode,
        List<ChannelId> members, boolean destroyed, long createdAtMillis, long version) {
    /** How media flows in the bridge. */
    public enum Mode {
        /** Fewer than two members: nothing to forward. */
        IDLE,
        /** Two members, frames forwarded from one channel to the other with no hop through the bridge. */
        TWO_PARTY,
        /** Three or more members, mixed on the bridge's executor every 20 ms (G.711 and 16-bit linear). */
        MIXING,
        /** A holding bridge: no media between members. */
        HOLDING
    }

    public BridgeSnapshot {
        members = List.copyOf(members);
    }
}
