package org.strowger.api.event;

/**
 * Receives the events of one subscription, one at a time, in order (see {@link Subscription}). It runs on the
 * subscription's own thread or executor, never on a channel's, so whatever it does cannot delay a call: if it is slow
 * its queue fills and further events are dropped and counted; if it throws, the failure is counted and logged and it
 * keeps receiving.
 */
@FunctionalInterface
public interface EventSubscriber {
    /** Called once per event, never concurrently with itself. */
    void onEvent(CoreEvent event);
}
