package org.strowger.core.channel;

import org.strowger.core.exec.CommandFuture;
import org.strowger.core.exec.Rejectable;

/**
 * A command queued on a channel's executor: runs its body if the channel is still live, otherwise fails its stage
 * with the channel's "gone" error; if the executor closes first, {@link #reject()} fails it the same way. Either way
 * the caller learns the outcome.
 */
final class ChannelCommand<T> implements Runnable, Rejectable {
    /** The body, run on the channel's executor; it must complete {@code future} now or later. */
    interface Body<T> {
        void run(CommandFuture<T> future);
    }

    private final ChannelImpl channel;
    private final Body<T> body;
    private final CommandFuture<T> future;

    ChannelCommand(ChannelImpl channel, Body<T> body, CommandFuture<T> future) {
        this.channel = channel;
        this.body = body;
        this.future = future;
    }

    @Override
    public void run() {
        if (channel.isEnded()) {
            future.fail(channel.goneException());
            return;
        }
        try {
            body.run(future);
        } catch (RuntimeException e) {
            future.fail(e);
        }
    }

    @Override
    public void reject() {
        future.fail(channel.goneException());
    }
}
