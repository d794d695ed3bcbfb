package org.strowger.api.event;

import org.strowger.api.BridgeId;
import org.strowger.api.ChannelId;

/**
 * An event of one bridge's stream, emitted on that bridge's executor: membership changes and the transfers and pickups
 * decided there. The stream is numbered from 1 ({@link BridgeCreated}); {@link BridgeDestroyed} ends its membership
 * events. The only event that can follow it is an {@link AttendedTransferEnded} of a transfer that was still running
 * when the bridge was destroyed.
 */
public sealed interface BridgeScopedEvent extends CoreEvent permits BridgeCreated, BridgeEntered, BridgeLeft,
        BlindTransferred, AttendedTransferEnded, CallPickedUp, BridgeDestroyed {
    /** The bridge whose stream this event belongs to. */
    BridgeId bridgeId();

    @Override
    default boolean involves(ChannelId channel) {
        return false;
    }

    @Override
    default boolean inCall(ChannelId linkedId) {
        return false;
    }
}
