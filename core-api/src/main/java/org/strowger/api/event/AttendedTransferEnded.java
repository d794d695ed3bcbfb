package org.strowger.api.event;

import java.util.List;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.BridgeId;
import org.strowger.api.ChannelId;
import org.strowger.api.TransferOutcome;

/**
 * An attended transfer ended, with its outcome. Its coordinator emits it into the stream of the transferees' bridge
 * when it decides the ending (when {@link AttendedTransfer#outcome()} completes), before it releases its hold on the
 * bridges. The moves it made appear as {@link OwnerChanged}, {@link BridgeEntered} and {@link BridgeLeft} events.
 *
 * @param bridgeId the transferees' bridge (the transferer's bridge when the transfer began)
 * @param sequence position in that bridge's stream
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param transferer the channel that started the transfer
 * @param target the new channel to the transfer target
 * @param transferees the other members of the bridge when the consultation began (empty if it never began); immutable
 * @param consultation the consultation bridge
 * @param outcome how it ended
 */
public record AttendedTransferEnded(BridgeId bridgeId, long sequence, long timestampMillis, ChannelRef transferer,
        ChannelRef target, List<ChannelRef> transferees, BridgeId consultation, TransferOutcome outcome)
        implements BridgeScopedEvent {
    public AttendedTransferEnded {
        transferees = List.copyOf(transferees);
    }

    @Override
    public EventKind kind() {
        return EventKind.ATTENDED_TRANSFER_ENDED;
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
