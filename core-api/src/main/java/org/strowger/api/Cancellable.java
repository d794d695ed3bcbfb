package org.strowger.api;

/**
 * The one handle for everything added to a core that can be taken off again: a scheduled task
 * ({@link Channel#schedule}), a frame tap ({@link Channel#addTap}), a DTMF or interval hook
 * ({@link Bridge#addDtmfHook}, {@link Bridge#addIntervalHook}) and an event subscription
 * ({@link ChannelCore#subscribe}, whose {@link org.strowger.api.event.Subscription#close() close()} is the same).
 *
 * <p>{@link #cancel()} may be called from any thread, never blocks, and is idempotent. What it takes off stops being
 * called once its owner's executor has processed the cancel (a call already running or queued there may still
 * happen once); a tap is then closed with {@code onClose(REMOVED)}, unless it was closed already.
 */
@FunctionalInterface
public interface Cancellable {
    /**
     * Takes the thing off. Returns true for the call that did, false if it had been cancelled already; for a scheduled
     * task, false also once it has started to run (it will not run because of a true return). Any thread.
     */
    boolean cancel();
}
