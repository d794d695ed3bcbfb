package org.strowger.api.event;

/**
 * The counters of one subscription, read at one go: {@code matched == delivered + dropped + queued} holds in every
 * one, also while the subscriber is inside {@code onEvent} (that event is still queued).
 *
 * @param name the subscription's name
 * @param matched events that passed its filter and were offered to its queue: {@code delivered + dropped + queued}
 * @param delivered events handed to the subscriber (including those it threw on)
 * @param dropped events not delivered: the queue was full (the overflow policy: the newest is dropped), or the
 *     subscription was closed first
 * @param failures deliveries on which the subscriber threw
 * @param queued events not yet delivered now: waiting in its queue, or in the subscriber's hands
 * @param open false once closed
 */
public record SubscriptionStats(String name, long matched, long delivered, long dropped, long failures, int queued,
        boolean open) {
}
