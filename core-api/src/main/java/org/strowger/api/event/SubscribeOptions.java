package org.strowger.api.event;

import org.strowger.api.InvalidArgumentException;

/**
 * How a subscription is delivered.
 *
 * @param name a name for logs, metrics and the thread (1..64 characters), or null to have one generated
 * @param queueCapacity events the subscription's queue holds before it drops the newest (1..10,000,000)
 * @param delivery where the subscriber runs
 */
public record SubscribeOptions(String name, int queueCapacity, Delivery delivery) {
    /** Default queue capacity: 10,000 events. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** Largest queue capacity accepted. */
    public static final int MAX_QUEUE_CAPACITY = 10_000_000;

    /** Where a subscriber runs. */
    public enum Delivery {
        /**
         * On a platform thread of its own, started when events arrive and ended after a minute without any. The
         * subscriber may block (a database, a socket): it then delays only itself, its queue fills, and the overflow
         * is dropped and counted. The default.
         */
        DEDICATED_THREAD,
        /**
         * On a serial executor on the core's pool, like a channel: no thread of its own, and deterministic under the
         * test kit's simulation. The subscriber must not block. If it does, it holds a pool thread: the stall watchdog
         * reports it and lends the pool an extra thread (see the operations guide), but it should be fixed.
         */
        POOL
    }

    /** @throws InvalidArgumentException for a name that is empty or too long, a capacity out of range, no delivery */
    public SubscribeOptions {
        if (name != null && (name.isEmpty() || name.length() > 64)) {
            throw new InvalidArgumentException("a subscription name has 1..64 characters");
        }
        if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
            throw new InvalidArgumentException("queue capacity must be 1.." + MAX_QUEUE_CAPACITY + ", was "
                    + queueCapacity);
        }
        if (delivery == null) {
            throw new InvalidArgumentException("delivery must not be null");
        }
    }

    /** A generated name, {@link #DEFAULT_QUEUE_CAPACITY}, its own thread. */
    public static SubscribeOptions defaults() {
        return new SubscribeOptions(null, DEFAULT_QUEUE_CAPACITY, Delivery.DEDICATED_THREAD);
    }

    public SubscribeOptions withName(String newName) {
        return new SubscribeOptions(newName, queueCapacity, delivery);
    }

    public SubscribeOptions withQueueCapacity(int capacity) {
        return new SubscribeOptions(name, capacity, delivery);
    }

    /** Delivered on the core's pool ({@link Delivery#POOL}). */
    public SubscribeOptions onPool() {
        return new SubscribeOptions(name, queueCapacity, Delivery.POOL);
    }

    /** Delivered on a thread of its own ({@link Delivery#DEDICATED_THREAD}). */
    public SubscribeOptions onDedicatedThread() {
        return new SubscribeOptions(name, queueCapacity, Delivery.DEDICATED_THREAD);
    }
}
