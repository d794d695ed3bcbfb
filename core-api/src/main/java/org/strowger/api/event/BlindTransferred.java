package org.strowger.api.event;

import java.util.List;
import org.strowger.api.BridgeId;
import org.strowger.api.ChannelId;

/**
 * A blind transfer happened: in the transferees' bridge, the target took the transferer's place in one swap (the
 * {@link BridgeEntered} of the target and the {@link BridgeLeft} of the transferer come just before). Emitted when the
 * swap completes, which is when {@link org.strowger.api.ChannelCore#blindTransfer}'s stage succeeds; the target is
 * called next. A blind transfer that fails changes nothing and has no event: its caller's stage says why.
 *
 * @param bridgeId the transferees' bridge
 * @param sequence position in the bridge's stream
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param transferer the channel that was replaced
 * @param target the new channel to the transfer target
 * @param transferees the other members of the bridge after the swap; immutable
 */
public record BlindTransferred(BridgeId bridgeId, long sequence, long timestampMillis, ChannelRef transferer,
        ChannelRef target, List<ChannelRef> transferees) implements BridgeScopedEvent {
    public BlindTransferred {
        transferees = List.copyOf(transferees);
    }

    @Override
    public EventKind kind() {
        return EventKind.BLIND_TRANSFERRED;
    }

    @Override
    public boolean involves(ChannelId id) {
        return transferer.id().equals(id) || target.id().equals(id) || ChannelRefs.anyIs(transferees, id);
    }

    @Override
    public boolean inCall(ChannelId linkedId) {
        return transferer.linkedId().equals(linkedId) || target.linkedId().equals(linkedId)
                || ChannelRefs.anyIn(transferees, linkedId);
    }
}
