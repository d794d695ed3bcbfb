package org.strowger.core.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.Channel;
import org.strowger.api.ChannelEvent;
import org.strowger.api.ChannelState;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.Frame;
import org.strowger.api.media.ChannelMedia;
import org.strowger.core.exec.CommandFuture;
import org.strowger.spi.ChannelSink;

/**
 * The tech's way into its channel: every upcall is queued on the channel's executor, never run inline, and what it
 * does there is here too (frames go through FramePath).
 */
final class TechSink implements ChannelSink {
    private static final ControlFrame RINGING = ControlFrame.of(Control.RINGING);
    private static final ControlFrame PROGRESS = ControlFrame.of(Control.PROGRESS);
    private static final ControlFrame PROCEEDING = ControlFrame.of(Control.PROCEEDING);
    private static final ControlFrame HOLD = ControlFrame.of(Control.HOLD);
    private static final ControlFrame UNHOLD = ControlFrame.of(Control.UNHOLD);

    private static final Logger LOG = LoggerFactory.getLogger(ChannelImpl.class);

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
        channel.executor.execute(() -> remoteControl(RINGING));
    }

    @Override
    public void progress() {
        channel.executor.execute(() -> remoteControl(PROGRESS));
    }

    @Override
    public void proceeding() {
        channel.executor.execute(() -> remoteControl(PROCEEDING));
    }

    @Override
    public void answered() {
        channel.executor.execute(this::remoteAnswered);
    }

    @Override
    public void redirected(String target) {
        if (target == null) {
            throw new InvalidArgumentException("redirect target must not be null");
        }
        channel.executor.execute(() -> remoteRedirected(target));
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
                ? channel.executor.executeMedia(() -> FramePath.fromTech(channel, frame))
                : channel.executor.execute(() -> FramePath.fromTech(channel, frame));
    }

    @Override
    public void mediaChanged(ChannelMedia media) {
        if (media == null) {
            throw new InvalidArgumentException("media must not be null");
        }
        channel.executor.execute(() -> remoteMedia(media));
    }

    @Override
    public boolean execute(Runnable task) {
        if (task == null) {
            throw new InvalidArgumentException("task must not be null");
        }
        return channel.executor.execute(() -> runTechTask(task));
    }

    // ---- on the channel's executor ----

    void remoteControl(ControlFrame frame) {
        assert channel.executor.inExecutor();
        if (channel.isEnded()) {
            return;
        }
        switch (frame.control()) {
            case ANSWER -> remoteAnswered();
            case RINGING -> {
                if (channel.direction() == Direction.OUTBOUND && channel.state == ChannelState.DIALING) {
                    channel.changeState(ChannelState.RINGING);
                }
                channel.ownership.emit(new ChannelEvent.ControlReceived(frame));
            }
            case CONNECTED_LINE -> {
                channel.connectedLine(frame.party());
                channel.ownership.emit(new ChannelEvent.ControlReceived(frame));
            }
            default -> channel.ownership.emit(new ChannelEvent.ControlReceived(frame));
        }
        if (frame.control() != Control.ANSWER) {
            channel.ownership.toPeer(frame); // ringing, progress, hold... reach the other party of a two-party bridge
        }
    }

    /** The far end of an unanswered outbound call names a new destination: tell the owner, then hang up. */
    private void remoteRedirected(String target) {
        assert channel.executor.inExecutor();
        if (channel.isEnded()) {
            return;
        }
        if (channel.direction() != Direction.OUTBOUND || channel.state == ChannelState.UP) {
            LOG.debug("channel {}: ignored a redirect upcall in state {}", channel.id(), channel.state);
            return;
        }
        channel.ownership.emit(new ChannelEvent.Redirected(target));
        channel.hangupNow(HangupCause.REDIRECTED_TO_NEW_DESTINATION);
    }

    private void remoteAnswered() {
        assert channel.executor.inExecutor();
        if (channel.isEnded()) {
            return;
        }
        if (channel.direction() == Direction.OUTBOUND
                && (channel.state == ChannelState.DIALING || channel.state == ChannelState.RINGING)) {
            channel.answeredAt = channel.rt.now();
            channel.changeState(ChannelState.UP);
        } else if (channel.answering != null) { // the tech confirms the inbound answer it was asked for
            CommandFuture<Void> asked = channel.answering;
            channel.answering = null;
            channel.answeredAt = channel.rt.now();
            channel.changeState(ChannelState.UP);
            asked.succeed(null);
        } else {
            LOG.debug("channel {}: ignored an answer upcall in state {}", channel.id(), channel.state);
        }
    }

    private void remoteMedia(ChannelMedia media) {
        assert channel.executor.inExecutor();
        if (channel.isEnded() || media.equals(channel.media)) {
            return;
        }
        boolean wasSending = channel.media.direction().receives();
        channel.media = media;
        channel.publish();
        channel.events.mediaChanged(media);
        channel.ownership.emit(new ChannelEvent.MediaChanged(media));
        if (wasSending != media.direction().receives()) { // the far end put the call on hold, or took it off
            channel.ownership.toPeer(wasSending ? HOLD : UNHOLD);
        }
    }

    private void runTechTask(Runnable task) {
        assert channel.executor.inExecutor();
        if (!channel.isEnded()) {
            FaultGuard.tech(channel, "execute", task);
        }
    }
}
