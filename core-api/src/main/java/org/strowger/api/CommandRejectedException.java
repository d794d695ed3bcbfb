package org.strowger.api;

/**
 * A well-formed command that the target cannot carry out in its present state. The command had no effect.
 *
 * <p>Besides its {@link #reason()}, every rejection carries the {@link #hangupCause()} to signal when it ends a call
 * attempt: a tech refusing an inbound call on the network, or a dialer reporting why a leg could not be placed
 * (e.g. SIP 503 for {@link HangupCause#SWITCH_CONGESTION}, 486 for {@link HangupCause#USER_BUSY}).
 */
public class CommandRejectedException extends StrowgerException {
    private static final long serialVersionUID = 1L;

    /** Machine-readable reason; {@link #getMessage()} has the detail. */
    public enum Reason {
        /** The channel's state does not allow it (e.g. answer on an outbound channel, call twice). */
        WRONG_STATE(HangupCause.NORMAL_TEMPORARY_FAILURE),
        /** No tech with that name is registered, or it is being unregistered. */
        UNKNOWN_TECH(HangupCause.CHAN_NOT_IMPLEMENTED),
        /** The core's limit of live channels ({@code maxChannels}) is reached. */
        LIMIT_REACHED(HangupCause.SWITCH_CONGESTION),
        /** Channels are being created faster than the core's creation rate allows. */
        RATE_LIMITED(HangupCause.SWITCH_CONGESTION),
        /** The channel's endpoint is at its usage limit (like chan_sip's call-limit). */
        ENDPOINT_BUSY(HangupCause.USER_BUSY),
        /** The current owner refused to release the channel. */
        OWNER_REFUSED(HangupCause.NORMAL_TEMPORARY_FAILURE),
        /** The core is shutting down or shut down. */
        SHUTTING_DOWN(HangupCause.SYSTEM_SHUTDOWN),
        /** The id is already held by a live channel. */
        DUPLICATE_ID(HangupCause.NORMAL_TEMPORARY_FAILURE),
        /** The request conflicts with existing configuration (e.g. a DTMF hook sequence that prefixes another). */
        CONFLICT(HangupCause.NORMAL_TEMPORARY_FAILURE);

        private final HangupCause cause;

        Reason(HangupCause cause) {
            this.cause = cause;
        }

        /** The cause a rejection for this reason carries unless it names another. */
        public HangupCause hangupCause() {
            return cause;
        }

        /** True for the admission limits: {@link #LIMIT_REACHED}, {@link #RATE_LIMITED}, {@link #ENDPOINT_BUSY}. */
        public boolean isLimit() {
            return this == LIMIT_REACHED || this == RATE_LIMITED || this == ENDPOINT_BUSY;
        }
    }

    private final Reason reason;
    private final HangupCause hangupCause;

    /** A rejection carrying its reason's {@linkplain Reason#hangupCause() cause}. */
    public CommandRejectedException(Reason reason, String message) {
        this(reason, reason == null ? null : reason.hangupCause(), message);
    }

    /**
     * @throws NullPointerException if {@code reason} or {@code hangupCause} is null
     */
    public CommandRejectedException(Reason reason, HangupCause hangupCause, String message) {
        super(message);
        if (reason == null || hangupCause == null) {
            throw new NullPointerException("reason and hangup cause must not be null");
        }
        this.reason = reason;
        this.hangupCause = hangupCause;
    }

    public Reason reason() {
        return reason;
    }

    /** The cause to signal for this rejection (never null); by default the reason's. */
    public HangupCause hangupCause() {
        return hangupCause;
    }
}
