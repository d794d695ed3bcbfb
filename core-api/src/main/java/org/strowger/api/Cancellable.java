package org.strowger.api;

/** A scheduled task that can be cancelled. */
@FunctionalInterface
public interface Cancellable {
    /** Cancels the task if it has not run; returns true if it will not run because of this call. Any thread. */
    boolean cancel();
}
