package org.strowger.api.cdr;

import org.strowger.api.InvalidArgumentException;
import org.strowger.api.event.SubscribeOptions.Delivery;

/**
 * How a {@link CallRecordSink} is run.
 *
 * @param name the sink's name in metrics, logs and its thread's name (1..64 characters), or {@code null} for a
 *     generated one ({@code cdr-1}, {@code cdr-2} ...)
 * @param queueCapacity records that may wait for the sink, 1..10,000,000: when the queue is full, the newest record
 *     goes to the fallback instead (counted as overflowed)
 * @param delivery where the sink runs: its own thread (the default; it may block) or the core's pool (it must not)
 * @param fallback receives every record the sink could not take: those that overflowed its queue, those it threw on,
 *     and those still queued (or held by a sink that does not return when interrupted) when the core stops and the sink
 *     has not drained them within 5 s. {@code null} (the
 *     default) writes each as one escaped CSV line at WARN to the slf4j logger {@code org.strowger.cdr.fallback}. A
 *     fallback is called from the core's call-record executor (overflow), the sink's executor (failures) or the
 *     stopping thread, possibly concurrently: it must be thread-safe and must not block. If it throws, the record is
 *     logged as by the default fallback, and counted
 */
public record CallRecordSinkOptions(String name, int queueCapacity, Delivery delivery, CallRecordSink fallback) {
    /** Default queue capacity: 10,000 records. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** Largest queue capacity accepted. */
    public static final int MAX_QUEUE_CAPACITY = 10_000_000;

    /** @throws InvalidArgumentException for a name that is empty or too long, a capacity out of range, no delivery */
    public CallRecordSinkOptions {
        if (name != null && (name.isEmpty() || name.length() > 64)) {
            throw new InvalidArgumentException("a call-record sink's name has 1..64 characters");
        }
        if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
            throw new InvalidArgumentException("queue capacity must be 1.." + MAX_QUEUE_CAPACITY + ", was "
                    + queueCapacity);
        }
        if (delivery == null) {
            throw new InvalidArgumentException("delivery must not be null");
        }
    }

    /** A generated name, {@link #DEFAULT_QUEUE_CAPACITY}, a thread of its own, the logging fallback. */
    public static CallRecordSinkOptions defaults() {
        return new CallRecordSinkOptions(null, DEFAULT_QUEUE_CAPACITY, Delivery.DEDICATED_THREAD, null);
    }

    public CallRecordSinkOptions withName(String newName) {
        return new CallRecordSinkOptions(newName, queueCapacity, delivery, fallback);
    }

    public CallRecordSinkOptions withQueueCapacity(int capacity) {
        return new CallRecordSinkOptions(name, capacity, delivery, fallback);
    }

    /** Run on the core's pool: the sink must not block (and is deterministic under the test kit's simulation). */
    public CallRecordSinkOptions onPool() {
        return new CallRecordSinkOptions(name, queueCapacity, Delivery.POOL, fallback);
    }

    /** Run on a thread of its own (the default). */
    public CallRecordSinkOptions onDedicatedThread() {
        return new CallRecordSinkOptions(name, queueCapacity, Delivery.DEDICATED_THREAD, fallback);
    }

    /** Records the sink cannot take go to {@code newFallback}; {@code null} restores the logging fallback. */
    public CallRecordSinkOptions withFallback(CallRecordSink newFallback) {
        return new CallRecordSinkOptions(name, queueCapacity, delivery, newFallback);
    }
}
