package org.strowger.api.event;

import java.util.List;
import org.strowger.api.BridgeId;
import org.strowger.api.ChannelId;

/**
 * A channel became a member of the bridge (the last step of a join, move, swap or merge). The channel's own stream
 * reports the hand-over first, as an {@link OwnerChanged} to this bridge.
 *
 * @param bridgeId the bridge
 * @param sequence position in the bridge's stream
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param channel the channel that entered
 * @param members the members right after the change, in joining order; immutable
 */
public record BridgeEntered(BridgeId bridgeId, long sequence, long timestampMillis, ChannelRef channel,
        List<ChannelId> members) implements BridgeScopedEvent {
    public BridgeEntered {
        members = List.copyOf(members);
    }

    @Override
    public EventKind kind() {
        return EventKind.BRIDGE_ENTERED;
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
