package org.strowger.api;

/** Code run when a bridge member keys a registered DTMF sequence (a feature code, e.g. a transfer trigger). */
@FunctionalInterface
public interface DtmfHook {
    /**
     * {@code member} keyed {@code sequence}. Runs on the bridge's executor; must not block. A hook that throws is
     * logged, counted as a callback fault and removed (the sequence is no longer a feature code); the bridge and the
     * call carry on.
     */
    void onSequence(Bridge bridge, Channel member, String sequence);
}
