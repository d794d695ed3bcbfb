package org.strowger.core.channel;

import org.strowger.api.Application;
import org.strowger.api.JoinOptions;

/**
 * The ownership change in progress on a channel, which excludes every other: none, a reservation for a bridge (the
 * channel is on its way in), or a swap lock (a swap is bringing another channel in to replace it). A hang-up ends
 * either. Written only on the channel's executor, by {@link ChannelOwnership}.
 */
sealed interface OwnershipChange {
    /** Nothing in progress. */
    record None() implements OwnershipChange {
    }

    /**
     * Reserved for {@code target} with {@code token} (steps 1-3 of {@link Membership}), leaving {@code leaving} (null:
     * no bridge). {@code released} is set if that bridge let the channel go meanwhile: its after-bridge policy is held
     * back, and applies only if the move fails.
     */
    record Reserved(BridgeSide target, long token, BridgeSide leaving, Released released) implements OwnershipChange {
        Reserved released(Released why) {
            return new Reserved(target, token, leaving, why);
        }
    }

    /** Locked as the outgoing member of a swap in {@code bridge}. */
    record SwapLocked(BridgeSide bridge) implements OwnershipChange {
    }

    /** What the bridge a channel was leaving said when it let it go first, and what the policy needs. */
    record Released(Membership.Leave why, JoinOptions options, Application returnTo) {
    }

    OwnershipChange NONE = new None();
}
