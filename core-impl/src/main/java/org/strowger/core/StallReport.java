package org.strowger.core;

import java.util.List;

/**
 * A pool thread has been running one executor's batch for longer than the stall budget: a callback is blocking or
 * looping. Reported once per stalled batch.
 *
 * @param executor what the executor runs for (a channel or bridge id)
 * @param threadName the stalled pool thread
 * @param stack that thread's stack when the stall was seen (top first)
 * @param stalledAtLeastMillis how long the batch has run, at least
 */
public record StallReport(String executor, String threadName, List<StackTraceElement> stack, long stalledAtLeastMillis) {
    public StallReport {
        stack = List.copyOf(stack);
    }
}
