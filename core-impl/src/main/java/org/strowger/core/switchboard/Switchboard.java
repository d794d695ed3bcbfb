package org.strowger.core.switchboard;

import java.util.Optional;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelId;
import org.strowger.api.OutboundRequest;
import org.strowger.core.bridge.BridgeImpl;
import org.strowger.core.channel.ChannelImpl;
import org.strowger.core.runtime.CoreRuntime;

/**
 * The core as its compositions see it: transfers, dials and the Local tech are made of channel and bridge operations,
 * and this is all they need of the core: its channels and bridges by handle or id, and new ones. Any thread.
 */
public interface Switchboard {
    CoreRuntime runtime();

    /**
     * The channel behind a handle of this core.
     *
     * @throws org.strowger.api.InvalidArgumentException if {@code channel} is null or not of this core
     */
    ChannelImpl channel(Channel channel);

    /**
     * The bridge behind a handle of this core.
     *
     * @throws org.strowger.api.InvalidArgumentException if {@code bridge} is null or not of this core
     */
    BridgeImpl bridge(Bridge bridge);

    /** The live channel with this id, if any. */
    Optional<ChannelImpl> liveChannel(ChannelId id);

    /** The live bridge with this id, if any. */
    Optional<BridgeImpl> liveBridge(BridgeId id);

    /**
     * A new outbound channel, as {@code ChannelCore.request}.
     *
     * @throws org.strowger.api.CommandRejectedException if admission refuses it
     */
    ChannelImpl request(OutboundRequest request);

    /**
     * A new bridge, as {@code ChannelCore.createBridge}.
     *
     * @throws org.strowger.api.CommandRejectedException if the core is shutting down
     */
    BridgeImpl createBridge(BridgeOptions options);
}
