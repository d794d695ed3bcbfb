package org.strowger.api.cdr;

import java.util.List;

/**
 * The call-record counters of a core ({@code CoreMetrics.callRecords()}).
 *
 * @param produced records closed and handed to the sinks
 * @param open records opened and not yet closed (live connections, and records waiting for the hang-up that gives
 *     their cause)
 * @param eventsQueued events waiting for the call-record engine (its queue is unbounded by design: the engine never
 *     blocks, so this only holds what the pool has not yet got to)
 * @param sinks each sink's counters
 */
public record CallRecordMetrics(long produced, long open, int eventsQueued, List<CallRecordSinkStats> sinks) {
    /** A core without call-record sinks. */
    public static final CallRecordMetrics NONE = new CallRecordMetrics(0, 0, 0, List.of());

    public CallRecordMetrics {
        sinks = List.copyOf(sinks);
    }
}
