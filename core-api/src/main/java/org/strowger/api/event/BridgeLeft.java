package org.strowger.api.event;

import java.util.List;
import org.strowger.api.BridgeId;
import org.strowger.api.ChannelId;

/**
 * A channel stopped being a member of the bridge.
 *
 * @param bridgeId the bridge
 * @param sequence position in the bridge's stream
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param channel the channel that left
 * @param reason why
 * @param members the members right after the change, in joining order; immutable
 */
public record BridgeLeft(BridgeId bridgeId, long sequence, long timestampMillis, ChannelRef channel, Reason reason,
        List<ChannelId> members) implements BridgeScopedEvent {
    /** Why a member left. */
    public enum Reason {
        /** {@link org.strowger.api.Bridge#leave}. */
        LEFT,
        /** {@link org.strowger.api.Bridge#kick}: it is hung up next. */
        KICKED,
        /** Replaced in one step by another channel (a swap, blind transfer, pickup or Local optimisation). */
        SWAPPED_OUT,
        /** Moved into another bridge (a move, merge, attended transfer or swap into another bridge). */
        MOVED,
        /** Attached to an application while bridged (a redirect). */
        REDIRECTED,
        /** It hung up. */
        HUNG_UP,
        /** The bridge was destroyed or dissolved. */
        DESTROYED
    }

    public BridgeLeft {
        members = List.copyOf(members);
    }

    @Override
    public EventKind kind() {
        return EventKind.BRIDGE_LEFT;
    }

    @Override
    public boolean involves(ChannelId id) {
        return channel.id().equals(id);
    }

    @Override
    public boolean inCall(ChannelId linkedId) {
        return channel.linkedId().equals(linkedId);
    }
}
