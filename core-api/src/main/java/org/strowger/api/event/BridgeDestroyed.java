package org.strowger.api.event;

import org.strowger.api.BridgeId;

/**
 * The bridge ended (destroyed or dissolved). Every member's {@link BridgeLeft} with reason
 * {@link BridgeLeft.Reason#DESTROYED} comes just before it.
 *
 * @param bridgeId the bridge
 * @param sequence position in the bridge's stream
 * @param timestampMillis core clock, milliseconds since the epoch
 */
public record BridgeDestroyed(BridgeId bridgeId, long sequence, long timestampMillis) implements BridgeScopedEvent {
    @Override
    public EventKind kind() {
        return EventKind.BRIDGE_DESTROYED;
    }
}
