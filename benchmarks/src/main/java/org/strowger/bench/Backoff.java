package org.strowger.bench;

/** The idle strategy of benchmark threads that wait for a consumer: spin briefly, then yield (2-core machines). */
public final class Backoff {
    private static final int SPINS = 128;

    private Backoff() {
    }

    /** Call with 0, 1, 2, ... while waiting. */
    public static void pause(int attempt) {
        if (attempt < SPINS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
