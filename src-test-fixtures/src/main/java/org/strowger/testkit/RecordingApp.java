package org.strowger.testkit;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.strowger.api.Application;
import org.strowger.api.Channel;
import org.strowger.api.ChannelEvent;
import org.strowger.api.frame.MediaFrame;

/**
 * An {@link Application} that records what it hears, as strings, and notes any callback that ran off the channel's
 * executor. Optionally refuses release requests.
 */
public class RecordingApp implements Application {
    private final Queue<String> log = new ConcurrentLinkedQueue<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private volatile boolean refuseRelease;

    /** Makes {@link #onReleaseRequest} answer false. */
    public RecordingApp refusingRelease() {
        this.refuseRelease = true;
        return this;
    }

    @Override
    public void onAttach(Channel channel) {
        note(channel, "attach");
    }

    @Override
    public void onEvent(Channel channel, ChannelEvent event) {
        note(channel, "event " + event);
    }

    @Override
    public void onMedia(Channel channel, MediaFrame frame) {
        note(channel, "media " + frame.timestamp());
    }

    @Override
    public boolean onReleaseRequest(Channel channel, String requester) {
        note(channel, "release? " + requester);
        return !refuseRelease;
    }

    @Override
    public void onDetach(Channel channel, DetachReason reason) {
        note(channel, "detach " + reason);
    }

    /** What the application heard, each entry prefixed with the channel id. */
    public List<String> log() {
        return List.copyOf(log);
    }

    /** Entries for one channel, without the prefix. */
    public List<String> log(Channel channel) {
        String p = channel.id() + " ";
        return log.stream().filter(s -> s.startsWith(p)).map(s -> s.substring(p.length())).toList();
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    protected final void note(Channel channel, String what) {
        if (!channel.inExecutor()) {
            violations.add(what + " for " + channel.id() + " ran off its executor on " + Thread.currentThread().getName());
        }
        log.add(channel.id() + " " + what);
    }
}
