package org.strowger.core.bridge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.ChannelId;
import org.strowger.api.TransferOutcome;
import org.strowger.api.event.AttendedTransferEnded;
import org.strowger.api.event.BlindTransferred;
import org.strowger.api.event.BridgeCreated;
import org.strowger.api.event.BridgeDestroyed;
import org.strowger.api.event.BridgeEntered;
import org.strowger.api.event.BridgeLeft;
import org.strowger.api.event.CallPickedUp;
import org.strowger.api.event.ChannelRef;
import org.strowger.api.event.EventKind;
import org.strowger.core.channel.MemberSide;
import org.strowger.core.event.EventBus;
import org.strowger.core.runtime.CoreRuntime;

/*
 * One bridge's event stream, written on its executor where membership changes: BridgeCreated (its first task),
 * BridgeEntered at activation, BridgeLeft where a member is removed, BlindTransferred or CallPickedUp with the
 * activation of a swap that was one, AttendedTransferEnded in the stream of the transfer's home bridge, and
 * BridgeDestroyed. Events are emitted before the channels involved are told, so a channel's own OwnerChanged away
 * from the bridge follows the BridgeLeft, except where the channel went on its own (Gone: a move or redirect), whose
 * OwnerChanged and BridgeLeft may come in either order. Each event is built only if a subscription may want it.
 */
final class BridgeEvents {
    private final BridgeId id;
    private final EventBus bus;
    private final CoreRuntime rt;
    private long sequence;

    BridgeEvents(BridgeId id, CoreRuntime rt) {
        this.id = id;
        this.rt = rt;
        this.bus = rt.events();
    }

    private boolean announce(EventKind kind) {
        sequence++;
        return bus.wants(kind);
    }

    void created(BridgeOptions.Kind kind, BridgeOptions.Dissolve dissolve) {
        if (announce(EventKind.BRIDGE_CREATED)) {
            bus.publish(new BridgeCreated(id, sequence, rt.now(), kind, dissolve));
        }
    }

    void entered(MemberSide c, Collection<MemberSide> members) {
        if (announce(EventKind.BRIDGE_ENTERED)) {
            bus.publish(new BridgeEntered(id, sequence, rt.now(), c.ref(), ids(members)));
        }
    }

    void left(MemberSide c, BridgeLeft.Reason why, Collection<MemberSide> members) {
        if (announce(EventKind.BRIDGE_LEFT)) {
            bus.publish(new BridgeLeft(id, sequence, rt.now(), c.ref(), why, ids(members)));
        }
    }

    /** A swap completed: {@code in} replaced {@code out} (which may have hung up meanwhile). */
    void swapped(SwapKind kind, MemberSide out, MemberSide in, Collection<MemberSide> members) {
        if (kind == SwapKind.BLIND_TRANSFER && announce(EventKind.BLIND_TRANSFERRED)) {
            bus.publish(new BlindTransferred(id, sequence, rt.now(), out.ref(), in.ref(), refsBut(members, in)));
        } else if (kind == SwapKind.PICKUP && announce(EventKind.CALL_PICKED_UP)) {
            bus.publish(new CallPickedUp(id, sequence, rt.now(), in.ref(), out.ref(), refsBut(members, in)));
        }
    }

    void attendedTransferEnded(MemberSide transferer, MemberSide target, List<? extends MemberSide> transferees,
            BridgeId consultation, TransferOutcome outcome) {
        if (announce(EventKind.ATTENDED_TRANSFER_ENDED)) {
            List<ChannelRef> refs = new ArrayList<>(transferees.size());
            transferees.forEach(t -> refs.add(t.ref()));
            bus.publish(new AttendedTransferEnded(id, sequence, rt.now(), transferer.ref(), target.ref(), refs,
                    consultation, outcome));
        }
    }

    void destroyed() {
        if (announce(EventKind.BRIDGE_DESTROYED)) {
            bus.publish(new BridgeDestroyed(id, sequence, rt.now()));
        }
    }

    static List<ChannelId> ids(Collection<MemberSide> members) {
        List<ChannelId> ids = new ArrayList<>(members.size());
        for (MemberSide m : members) {
            ids.add(m.id());
        }
        return ids;
    }

    private static List<ChannelRef> refsBut(Collection<MemberSide> members, MemberSide except) {
        List<ChannelRef> refs = new ArrayList<>(members.size());
        for (MemberSide m : members) {
            if (m != except) {
                refs.add(m.ref());
            }
        }
        return refs;
    }
}
