package org.strowger.core.channel;

import java.util.function.Function;
import org.strowger.api.ChannelCore;
import org.strowger.core.runtime.CoreRuntime;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.InboundCall;
import org.strowger.spi.TechChannel;

/** What channels and tech registrations need of the core that owns them. Any thread unless a method says otherwise. */
public interface ChannelHome {
    CoreRuntime runtime();

    /** The core, as applications see it ({@code Channel.core()}). */
    ChannelCore core();

    /** The channel's last step: it is destroyed. On the channel's executor. */
    void destroyed(ChannelImpl channel);

    /** A tech announces an inbound call ({@code TechContext.announceInbound}). On the tech's thread. */
    ChannelSink announceInbound(TechRegistration tech, InboundCall call, Function<ChannelSink, TechChannel> factory);

    /**
     * The tech's last channel is gone after its unregister began, and its executors are drained and closed: stop it.
     * On the releasing thread, or on the thread that ran the last task of the tech's executors.
     */
    void techDrained(TechRegistration tech);
}
