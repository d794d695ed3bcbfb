package org.strowger.core.channel;

import org.strowger.api.Channel;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.Frame;
import org.strowger.spi.ChannelSink;

/** The tech's way into its channel: every upcall is queued on the channel's executor, never run inline. */
final class TechSink implements ChannelSink {
    private static final ControlFrame RINGING = ControlFrame.of(Control.RINGING);
    private static final ControlFrame PROGRESS = ControlFrame.of(Control.PROGRESS);
    private static final ControlFrame PROCEEDING = ControlFrame.of(Control.PROCEEDING);

    private final ChannelImpl channel;

    TechSink(ChannelImpl channel) {
        this.channel = channel;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public boolean inExecutor() {
        return channel.executor.inExecutor();
    }

    @Override
    public void ringing() {
        channel.executor.execute(() -> channel.remoteControl(RINGING));
    }

    @Override
    public void progress() {
        channel.executor.execute(() -> channel.remoteControl(PROGRESS));
    }

    @Override
    public void proceeding() {
        channel.executor.execute(() -> channel.remoteControl(PROCEEDING));
    }

    @Override
    public void answered() {
        channel.executor.execute(channel::remoteAnswered);
    }

    @Override
    public void redirected(String target) {
        if (target == null) {
            throw new InvalidArgumentException("redirect target must not be null");
        }
        channel.executor.execute(() -> channel.remoteRedirected(target));
    }

    @Override
    public void hangup(HangupCause cause) {
        if (cause == null) {
            throw new InvalidArgumentException("hangup cause must not be null");
        }
        channel.executor.execute(() -> channel.hangupNow(cause));
    }

    @Override
    public boolean receive(Frame frame) {
        if (frame == null) {
            throw new InvalidArgumentException("frame must not be null");
        }
        return frame.isMedia()
                ? channel.executor.executeMedia(() -> channel.remoteFrame(frame))
                : channel.executor.execute(() -> channel.remoteFrame(frame));
    }

    @Override
    public boolean execute(Runnable task) {
        if (task == null) {
            throw new InvalidArgumentException("task must not be null");
        }
        return channel.executor.execute(() -> channel.runTechTask(task));
    }
}
