package org.strowger.core.channel;

import org.strowger.api.BridgeId;
import org.strowger.api.frame.MediaFrame;

/**
 * A bridge as its members see it: the bridge's side of the membership protocol ({@link Membership}). Every method but
 * the accessors posts to the bridge's executor. Any thread.
 */
public interface BridgeSide {
    BridgeId id();

    /** Posts a protocol message to the bridge's executor. */
    void post(Membership.ToBridge message);

    /** A mixing member's voice, queued on the bridge's media lane. */
    void postMix(MemberSide from, MediaFrame frame);

    /**
     * Whether a transfer holds the bridge open now, so none of its members may be swapped out (it may change at any
     * moment; the bridge re-checks on its executor).
     */
    boolean isHeld();

    /** Whether the bridge still lists {@code member} in its latest snapshot. */
    boolean lists(MemberSide member);
}
