package org.strowger.api;

/** Code run periodically while a bridge lives (e.g. a time limit warning, a billing tick). */
@FunctionalInterface
public interface IntervalHook {
    /**
     * Runs on the bridge's executor; must not block. A hook that throws is logged, counted as a callback fault and
     * cancelled; the bridge and the call carry on.
     */
    void onInterval(Bridge bridge);
}
