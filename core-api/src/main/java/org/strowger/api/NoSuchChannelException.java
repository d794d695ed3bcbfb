package org.strowger.api;

/**
 * The channel is unknown, already hung up, or destroyed. Commands on such a channel fail with this exception (as the
 * failure of their {@link java.util.concurrent.CompletionStage}, or thrown by lookups that promise a live channel).
 */
public class NoSuchChannelException extends StrowgerException {
    private static final long serialVersionUID = 1L;

    /** Why the channel cannot take the command. */
    public enum Reason {
        /** No live channel has this id or name. */
        UNKNOWN,
        /** The channel has been hung up; it is going away and accepts no further commands. */
        HUNG_UP,
        /** The channel has been destroyed; the handle is stale. */
        DESTROYED
    }

    private final transient ChannelId channelId;
    private final Reason reason;

    public NoSuchChannelException(ChannelId channelId, Reason reason, String message) {
        super(message);
        this.channelId = channelId;
        this.reason = reason;
    }

    /** The id that was asked for, or {@code null} if the lookup was by name. */
    public ChannelId channelId() {
        return channelId;
    }

    public Reason reason() {
        return reason;
    }
}
