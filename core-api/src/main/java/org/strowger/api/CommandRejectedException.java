package org.strowger.api;

/**
 * A well-formed command that the target cannot carry out in its present state. The command had no effect.
 */
public class CommandRejectedException extends StrowgerException {
    private static final long serialVersionUID = 1L;

    /** Machine-readable reason; {@link #getMessage()} has the detail. */
    public enum Reason {
        /** The channel's state does not allow it (e.g. answer on an outbound channel, call twice). */
        WRONG_STATE,
        /** No tech with that name is registered, or it is being unregistered. */
        UNKNOWN_TECH,
        /** A limit (max channels, creation rate, usage limit) is reached. */
        LIMIT_REACHED,
        /** The current owner refused to release the channel. */
        OWNER_REFUSED,
        /** The core is shutting down or shut down. */
        SHUTTING_DOWN,
        /** The id is already held by a live channel. */
        DUPLICATE_ID,
        /** The request conflicts with existing configuration (e.g. a DTMF hook sequence that prefixes another). */
        CONFLICT
    }

    private final Reason reason;

    public CommandRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
