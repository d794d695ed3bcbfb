package org.strowger.core.channel;

import java.util.concurrent.atomic.AtomicBoolean;
import org.strowger.api.Cancellable;
import org.strowger.api.FrameTap;

/** The handle {@code Channel.addTap} completes with: cancelling it takes the tap off its channel. */
final class TapHandle implements Cancellable {
    private final ChannelImpl channel;
    private final FrameTap tap;
    private final AtomicBoolean live = new AtomicBoolean(true);

    TapHandle(ChannelImpl channel, FrameTap tap) {
        this.channel = channel;
        this.tap = tap;
    }

    @Override
    public boolean cancel() {
        if (!live.compareAndSet(true, false)) {
            return false;
        }
        channel.postRemoveTap(tap); // closed already if the channel hung up, or the tap threw, first
        return true;
    }
}
