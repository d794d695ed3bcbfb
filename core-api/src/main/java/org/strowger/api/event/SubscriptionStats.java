package org.strowger.api.event;

/**
 * The counters of one subscription. While it is open and nothing is in flight,
 * {@code matched == delivered + dropped + queued}.
 *
 * @param name the subscription's name
 * @param matched events that passed its filter and were offered to its queue
 * @param delivered events handed to the subscriber (including those it threw on)
 * @param dropped events not queued because its queue was full (the overflow policy: the newest is dropped)
 * @param failures deliveries on which the subscriber threw
 * @param queued events waiting in its queue now
 * @param open false once closed
 */
public record SubscriptionStats(String name, long matched, long delivered, long dropped, long failures, int queued,
        boolean open) {
}
