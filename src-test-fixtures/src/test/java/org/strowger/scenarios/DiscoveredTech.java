package org.strowger.scenarios;

import org.strowger.api.HangupCause;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;

/** A tech found through META-INF/services (see ServiceLoaderTechTest). */
public final class DiscoveredTech implements ChannelTech {
    @Override
    public String name() {
        return "Discovered";
    }

    @Override
    public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
        return new TechChannel() {
            @Override
            public void answer() {
            }

            @Override
            public void hangup(HangupCause cause) {
            }

            @Override
            public void close() {
            }
        };
    }
}
