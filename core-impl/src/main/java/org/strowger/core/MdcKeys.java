package org.strowger.core;

/**
 * The slf4j MDC keys the core sets while an executor runs a batch, so every log line written from a callback (the
 * core's, a tech's, an application's) names what it was running for, e.g. {@code %X{strowger.channel}} in a
 * logback pattern. Exactly one of them is set per batch, on the pool thread, and removed when the batch ends; none is
 * set per task. The one exception is per frame: a two-party forward that runs the peer's write inline, nested in the
 * sender's batch, puts the peer's id over the sender's for that write and the sender's back after it, two MDC calls
 * per frame forwarded so. Values are ids (visible ASCII) or escaped text.
 */
public final class MdcKeys {
    /** The channel id, while a channel's executor runs. */
    public static final String CHANNEL = "strowger.channel";
    /** The bridge id, while a bridge's executor runs. */
    public static final String BRIDGE = "strowger.bridge";
    /**
     * What any other executor runs for, while it runs: {@code transfer of <channel id>} for an attended transfer's
     * coordinator, {@code subscription <name>} for an event subscription.
     */
    public static final String EXECUTOR = "strowger.executor";

    private MdcKeys() {
    }
}
