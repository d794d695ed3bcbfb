package org.strowger.api.frame;

/** Call-control indications (Asterisk's {@code AST_CONTROL_*}). */
public enum Control {
    /** The far end is alerting (SIP 180). */
    RINGING,
    /** Call progress with early media (SIP 183). */
    PROGRESS,
    /** The call is being processed (SIP 100 / ISDN CALL PROCEEDING). */
    PROCEEDING,
    /** The far end answered. */
    ANSWER,
    /** The far end is busy. */
    BUSY,
    /** The network is congested. */
    CONGESTION,
    /** Put on hold. */
    HOLD,
    /** Taken off hold. */
    UNHOLD,
    /** The media source changed (e.g. after a transfer); a tech may need a new RTP marker. */
    SRC_UPDATE,
    /** The connected-line identity changed; the frame carries the new {@link org.strowger.api.Party}. */
    CONNECTED_LINE
}
