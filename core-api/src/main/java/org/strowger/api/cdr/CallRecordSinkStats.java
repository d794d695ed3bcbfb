package org.strowger.api.cdr;

/**
 * The counters of one {@link CallRecordSink}. Nothing is lost: once the sink is idle,
 * {@code offered == delivered + fallback + queued}, and {@code fallback == overflowed + failures + leftOver} where
 * the left-over records are those still queued when the core stopped, and the one a sink still held, interrupted, a
 * second after that (such a sink may store that record too if it ever returns; it is counted once, as fallback).
 *
 * @param name the sink's name
 * @param offered records handed to the sink's queue (every record the core produced while the sink was there)
 * @param delivered records the sink took (returned from {@code onRecord} normally)
 * @param overflowed records that found its queue full, and went to the fallback
 * @param failures records the sink threw on, which went to the fallback
 * @param fallback records given to the fallback, for any reason
 * @param fallbackFailures records the fallback threw on, which were then logged by the default fallback
 * @param queued records waiting for the sink now
 */
public record CallRecordSinkStats(String name, long offered, long delivered, long overflowed, long failures,
        long fallback, long fallbackFailures, int queued) {
}
