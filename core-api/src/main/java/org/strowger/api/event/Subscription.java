package org.strowger.api.event;

/**
 * A live subscription to a core's events, returned by {@link org.strowger.api.ChannelCore#subscribe}. Thread-safe.
 *
 * <p>Delivery: each subscription has its own bounded queue, drained by its own serial executor (on a thread of its own
 * by default, see {@link SubscribeOptions.Delivery}). Events are queued by the executor that emits them, at the moment
 * they happen, so every stream (a channel's, a bridge's) arrives in order, and an event that causally follows another
 * (a message from one executor to another lies between them) arrives after it. When the queue is full the newest
 * event is dropped for this subscription only, and counted in {@link #dropped()}; other subscriptions and calls do not
 * notice.
 */
public interface Subscription extends org.strowger.api.Cancellable, AutoCloseable {
    /** The name given in {@link SubscribeOptions}, or the generated one. */
    String name();

    /** What it receives. */
    EventFilter filter();

    /** Events handed to the subscriber so far (including those it threw on). */
    long delivered();

    /** Events not delivered: the queue was full, or the subscription was closed before delivering them. */
    long dropped();

    /** Deliveries on which the subscriber threw. */
    long failures();

    /** Events not yet delivered: waiting in the queue, or in the subscriber's hands. */
    int queued();

    /** False once closed (by {@link #close()} or the core's shutdown). */
    boolean isOpen();

    /** All counters at once. */
    SubscriptionStats stats();

    /**
     * Stops the subscription: no event is queued from now on, queued ones are discarded, and its thread (if it has
     * one) ends as soon as the subscriber returns (a subscriber blocked on its own thread is interrupted). The call
     * in progress, if any, is not waited for. Idempotent; any thread, including the subscriber's own. The same as
     * {@link #cancel()}, for try-with-resources.
     */
    @Override
    default void close() {
        cancel();
    }

    /** {@link #close()}; true for the call that closed it. */
    @Override
    boolean cancel();
}
