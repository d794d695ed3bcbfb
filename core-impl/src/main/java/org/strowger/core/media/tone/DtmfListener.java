package org.strowger.core.media.tone;

/** Receives the digits a DtmfDetector recognizes, on the thread that feeds the detector. */
public interface DtmfListener {
    /** {@code digit} (0-9, *, #, A-D) has been recognized; it may still be sounding. */
    void digitBegin(char digit);

    /** {@code digit} has ended; {@code durationMs} is how long its tones sounded. */
    void digitEnd(char digit, int durationMs);
}
