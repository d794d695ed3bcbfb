package org.strowger.core.exec;

import org.strowger.api.BridgeId;
import org.strowger.api.ChannelId;
import org.strowger.core.MdcKeys;

/** The {@link MdcKeys} key and value that name what an executor runs for. */
final class MdcLabel {
    private MdcLabel() {
    }

    static String key(Object label) {
        return label instanceof ChannelId ? MdcKeys.CHANNEL : label instanceof BridgeId ? MdcKeys.BRIDGE
                : MdcKeys.EXECUTOR;
    }

    static String value(Object label) {
        return label instanceof ChannelId c ? c.value()
                : label instanceof BridgeId b ? b.value() : String.valueOf(label);
    }
}
