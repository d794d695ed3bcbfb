package org.strowger.core.bridge;

import org.strowger.api.Bridge;
import org.strowger.api.Channel;
import org.strowger.core.channel.MemberSide;
import org.strowger.core.runtime.CoreRuntime;

/** What a bridge needs of the core that owns it. Any thread unless a method says otherwise. */
public interface BridgeHome {
    CoreRuntime runtime();

    /**
     * The member side behind a handle of this core.
     *
     * @throws org.strowger.api.InvalidArgumentException if {@code channel} is null or not of this core
     */
    MemberSide member(Channel channel);

    /**
     * The bridge behind a handle of this core.
     *
     * @throws org.strowger.api.InvalidArgumentException if {@code bridge} is null or not of this core
     */
    BridgeImpl bridge(Bridge bridge);

    /** The bridge's last step: it is destroyed. On the bridge's executor. */
    void destroyed(BridgeImpl bridge);
}
