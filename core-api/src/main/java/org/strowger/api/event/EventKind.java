package org.strowger.api.event;

/** The kinds of {@link CoreEvent}: one per record type, for filters ({@link EventFilter#withKinds}). */
public enum EventKind {
    CHANNEL_CREATED(ChannelCreated.class),
    STATE_CHANGED(ChannelStateChanged.class),
    VARIABLE_SET(VariableSet.class),
    MEDIA_CHANGED(MediaChanged.class),
    DTMF_BEGAN(DtmfBegan.class),
    DTMF_ENDED(DtmfEnded.class),
    DIAL_BEGAN(DialBegan.class),
    DIAL_ENDED(DialEnded.class),
    OWNER_CHANGED(OwnerChanged.class),
    HUNG_UP(ChannelHungUp.class),
    CHANNEL_DESTROYED(ChannelDestroyed.class),
    BRIDGE_CREATED(BridgeCreated.class),
    BRIDGE_ENTERED(BridgeEntered.class),
    BRIDGE_LEFT(BridgeLeft.class),
    BLIND_TRANSFERRED(BlindTransferred.class),
    ATTENDED_TRANSFER_ENDED(AttendedTransferEnded.class),
    CALL_PICKED_UP(CallPickedUp.class),
    BRIDGE_DESTROYED(BridgeDestroyed.class);

    private final Class<? extends CoreEvent> type;

    EventKind(Class<? extends CoreEvent> type) {
        this.type = type;
    }

    /** The record type of events of this kind. */
    public Class<? extends CoreEvent> type() {
        return type;
    }

    /** True for the kinds of a channel's stream ({@link ChannelScopedEvent}), false for a bridge's. */
    public boolean isChannelScoped() {
        return ChannelScopedEvent.class.isAssignableFrom(type);
    }
}
