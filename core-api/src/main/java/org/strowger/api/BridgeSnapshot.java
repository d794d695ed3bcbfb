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
 * @param arriving channels on their way in (reserved for the bridge, not members yet); 0 whenever no hand-over
 *     is under way
 * @param held true while a transfer holds the bridge open ({@link AttendedTransfer#home()}, a consultation, a dial
 *     handing its winner over): it does not dissolve, and none of its members can be swapped out
 * @param departed true once a member has gone (or a channel on its way in went away, or a hold ended): from then
 *     on its dissolve policy applies
 * @param destroyed true once the bridge has ended; it has no members then
 * @param createdAtMillis wall-clock creation time (from the core's scheduler)
 * @param version increases by one with each published change
 */
public record BridgeSnapshot(BridgeId id, BridgeOptions.Kind kind, BridgeOptions.Dissolve dissolve, Mode mode,
        List<ChannelId> members, int arriving, boolean held, boolean departed, boolean destroyed,
        long createdAtMillis, long version) {
    /** How media flows in the bridge. */
    public enum Mode {
        /** Fewer than two members: nothing to forward. */
        IDLE,
        /**
         * Two members, frames forwarded from one channel to the other with no hop through the bridge; while the bridge
         * plays a source ({@link Bridge#play}) they are mixed with it, as in {@link #MIXING}.
         */
        TWO_PARTY,
        /**
         * Three or more members, mixed on the bridge's executor every 20 ms at the highest member rate, each member
         * hearing the mix in its own format.
         */
        MIXING,
        /** A holding bridge: no media between members. */
        HOLDING
    }

    public BridgeSnapshot {
        members = List.copyOf(members);
    }
}
