package org.strowger.api.event;

import java.util.List;
import org.strowger.api.BridgeId;
import org.strowger.api.ChannelId;

/**
 * A pickup happened: in the caller's bridge, the picker took the ringing leg's place in one swap (the ringing leg is
 * hung up with {@code ANSWERED_ELSEWHERE} next). Emitted when the swap completes, which is when
 * {@link org.strowger.api.ChannelCore#pickup}'s stage succeeds. Losing pickups change nothing and have no event.
 *
 * @param bridgeId the caller's bridge
 * @param sequence position in the bridge's stream
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param picker the channel that picked the call up
 * @param ringing the ringing leg it replaced
 * @param callers the other members of the bridge after the swap; immutable
 */
public record CallPickedUp(BridgeId bridgeId, long sequence, long timestampMillis, ChannelRef picker,
        ChannelRef ringing, List<ChannelRef> callers) implements BridgeScopedEvent {
    public CallPickedUp {
        callers = List.copyOf(callers);
    }

    @Override
    public EventKind kind() {
        return EventKind.CALL_PICKED_UP;
    }

    @Override
    public boolean involves(ChannelId id) {
        return picker.id().equals(id) || ringing.id().equals(id) || ChannelRefs.anyIs(callers, id);
    }

    @Override
    public boolean inCall(ChannelId linkedId) {
        return picker.linkedId().equals(linkedId) || ringing.linkedId().equals(linkedId)
                || ChannelRefs.anyIn(callers, linkedId);
    }
}
