package org.strowger.load;

import org.strowger.api.Application;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.InboundCallHandler;

/**
 * The applications side of the load: routes inbound calls (the network's callers to the {@link IvrApplication},
 * Local queue halves to the {@link QueueApplication}) and holds what those applications share.
 */
final class Pbx implements InboundCallHandler {
    private final CallMix mix;
    private final OutcomeCounters outcomes;
    private volatile ChannelCore core;

    Pbx(CallMix mix, OutcomeCounters outcomes) {
        this.mix = mix;
        this.outcomes = outcomes;
    }

    /** Set once the core is built (the core needs this handler first). */
    void attach(ChannelCore builtCore) {
        this.core = builtCore;
    }

    ChannelCore core() {
        return core;
    }

    CallMix mix() {
        return mix;
    }

    OutcomeCounters outcomes() {
        return outcomes;
    }

    @Override
    public Application route(Channel channel) {
        String destination = channel.snapshot().destination();
        if (CallMix.IVR.equals(destination)) {
            return new IvrApplication(this);
        }
        if (CallMix.QUEUE.equals(destination)) {
            return new QueueApplication(this);
        }
        outcomes.count("route.unknown");
        return null;
    }
}
