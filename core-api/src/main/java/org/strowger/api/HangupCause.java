package org.strowger.api;

import java.util.Optional;

/**
 * Why a channel was hung up: the ITU-T Q.850 cause set (with Asterisk's names) plus a few causes that only a core
 * needs. Every cause has a Q.850 code to signal to the far end: a core cause maps to the closest Q.850 cause
 * ({@link #q850()}); {@link #isCoreCause()} tells them apart.
 */
public enum HangupCause {
    UNALLOCATED(1),
    NO_ROUTE_TRANSIT_NET(2),
    NO_ROUTE_DESTINATION(3),
    MISDIALLED_TRUNK_PREFIX(5),
    CHANNEL_UNACCEPTABLE(6),
    CALL_AWARDED_DELIVERED(7),
    PRE_EMPTED(8),
    NUMBER_PORTED_NOT_HERE(14),
    NORMAL_CLEARING(16),
    USER_BUSY(17),
    NO_USER_RESPONSE(18),
    NO_ANSWER(19),
    SUBSCRIBER_ABSENT(20),
    CALL_REJECTED(21),
    NUMBER_CHANGED(22),
    REDIRECTED_TO_NEW_DESTINATION(23),
    ANSWERED_ELSEWHERE(26),
    DESTINATION_OUT_OF_ORDER(27),
    INVALID_NUMBER_FORMAT(28),
    FACILITY_REJECTED(29),
    RESPONSE_TO_STATUS_ENQUIRY(30),
    NORMAL_UNSPECIFIED(31),
    NORMAL_CIRCUIT_CONGESTION(34),
    NETWORK_OUT_OF_ORDER(38),
    NORMAL_TEMPORARY_FAILURE(41),
    SWITCH_CONGESTION(42),
    ACCESS_INFO_DISCARDED(43),
    REQUESTED_CHAN_UNAVAIL(44),
    RESOURCE_UNAVAILABLE(47),
    FACILITY_NOT_SUBSCRIBED(50),
    OUTGOING_CALL_BARRED(52),
    INCOMING_CALL_BARRED(54),
    BEARERCAPABILITY_NOTAUTH(57),
    BEARERCAPABILITY_NOTAVAIL(58),
    SERVICE_UNAVAILABLE(63),
    BEARERCAPABILITY_NOTIMPL(65),
    CHAN_NOT_IMPLEMENTED(66),
    FACILITY_NOT_IMPLEMENTED(69),
    SERVICE_NOT_IMPLEMENTED(79),
    INVALID_CALL_REFERENCE(81),
    INCOMPATIBLE_DESTINATION(88),
    INVALID_MSG_UNSPECIFIED(95),
    MANDATORY_IE_MISSING(96),
    MESSAGE_TYPE_NONEXIST(97),
    WRONG_MESSAGE(98),
    IE_NONEXIST(99),
    INVALID_IE_CONTENTS(100),
    WRONG_CALL_STATE(101),
    RECOVERY_ON_TIMER_EXPIRE(102),
    MANDATORY_IE_LENGTH_ERROR(103),
    PROTOCOL_ERROR(111),
    INTERWORKING(127),

    /** Core: the caller gave up before the channel was answered (SIP CANCEL, FreeSWITCH ORIGINATOR_CANCEL). */
    ORIGINATOR_CANCEL(-1, 16),
    /** Core: a ChannelTech callback threw; the channel was hung up to contain the fault. */
    TECH_FAULT(-2, 41),
    /** Core: an application callback threw; the channel was hung up to contain the fault. */
    APPLICATION_FAULT(-3, 41),
    /** Core: the channel's tech was unregistered while the channel was live. */
    TECH_UNREGISTERED(-4, 38),
    /** Core: the core is shutting down. */
    SYSTEM_SHUTDOWN(-5, 41),
    /** Core: a time limit set on the channel expired (FreeSWITCH ALLOTTED_TIMEOUT). */
    ALLOTTED_TIMEOUT(-6, 102);

    private final int code;
    private final int q850;

    HangupCause(int q850) {
        this(q850, q850);
    }

    HangupCause(int code, int q850) {
        this.code = code;
        this.q850 = q850;
    }

    /** The Q.850 code for a Q.850 cause; a negative, stable number for a core cause. */
    public int code() {
        return code;
    }

    /** The Q.850 code to signal to the far end (for a core cause, the closest Q.850 cause). */
    public int q850() {
        return q850;
    }

    /** True for the causes the core adds to Q.850. */
    public boolean isCoreCause() {
        return code < 0;
    }

    /** The Q.850 cause with this code, if the set has one (never a core cause). */
    public static Optional<HangupCause> fromQ850(int code) {
        for (HangupCause c : values()) {
            if (!c.isCoreCause() && c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
