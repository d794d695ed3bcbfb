package org.strowger.api.event;

import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;

/**
 * The first event of every bridge. A bridge whose creation was refused (duplicate id, shutdown) has no events.
 *
 * @param bridgeId the bridge
 * @param sequence 1
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param bridgeKind call or holding
 * @param dissolve its dissolve policy
 */
public record BridgeCreated(BridgeId bridgeId, long sequence, long timestampMillis, BridgeOptions.Kind bridgeKind,
        BridgeOptions.Dissolve dissolve) implements BridgeScopedEvent {
    @Override
    public EventKind kind() {
        return EventKind.BRIDGE_CREATED;
    }
}
