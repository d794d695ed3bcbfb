package org.strowger.core.dial;

import org.strowger.api.Channel;
import org.strowger.api.ChannelEvent;
import org.strowger.api.ChannelState;
import org.strowger.api.frame.MediaFrame;
import org.strowger.core.channel.ChannelImpl;
import org.strowger.core.channel.TransientOwner;
import org.strowger.core.exec.CommandFuture;

/*
 * The owner of one dial leg while it rings: an Application, so it hears the leg's events on the leg's executor, and
 * does nothing with them but tell the dial's coordinator (a message to its executor, through the Listener). It refuses
 * every release request until the coordinator has chosen this leg as the winner and hands it over, so nothing else
 * can take a ringing leg from the dial; a pickup goes through the coordinator instead (Transfers). Early media is the
 * one thing it forwards itself: voice and video to the channel the coordinator names (the caller), straight from the
 * leg's executor to the caller's media lane, with no hop through the coordinator. The two fields the coordinator sets
 * from its own executor are volatile; everything else here is immutable.
 */
public final class DialLegApp implements TransientOwner {
    /** What the leg reports; each method runs on the leg's executor and only posts to the coordinator. */
    interface Listener {
        void answered();

        void ringing();

        void progress();

        void redirected(String target);

        /** A pickup of this leg by {@code picker}; {@code f} completes once it has won and been handed over. */
        void pickup(ChannelImpl picker, CommandFuture<Void> f);
    }

    private final Listener listener;
    private volatile ChannelImpl earlyMediaTo;
    private volatile boolean releasable;

    DialLegApp(Listener listener) {
        this.listener = listener;
    }

    @Override
    public String name() {
        return "Dial";
    }

    /** Where this leg's early media goes from now on; null mutes it. Any thread. */
    void earlyMediaTo(ChannelImpl target) {
        earlyMediaTo = target;
    }

    /** The coordinator hands this leg over: from now on a release request is granted. Any thread, before the command. */
    void release() {
        earlyMediaTo = null;
        releasable = true;
    }

    /** A pickup of this leg; runs on the leg's executor (Transfers found this application owning it). */
    public void pickup(ChannelImpl picker, CommandFuture<Void> f) {
        listener.pickup(picker, f);
    }

    @Override
    public void onEvent(Channel channel, ChannelEvent event) {
        switch (event) {
            case ChannelEvent.StateChanged s when s.to() == ChannelState.UP -> listener.answered();
            case ChannelEvent.ControlReceived c -> {
                switch (c.control().control()) {
                    case RINGING -> listener.ringing();
                    case PROGRESS -> listener.progress();
                    default -> {
                    }
                }
            }
            case ChannelEvent.Redirected r -> listener.redirected(r.target());
            default -> {
            }
        }
    }

    @Override
    public void onMedia(Channel channel, MediaFrame frame) {
        ChannelImpl to = earlyMediaTo;
        if (to != null) {
            to.write(frame);
        }
    }

    @Override
    public boolean onReleaseRequest(Channel channel, String requester) {
        return releasable;
    }
}
