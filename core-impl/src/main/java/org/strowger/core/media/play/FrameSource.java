package org.strowger.core.media.play;

/**
 * 16-bit linear audio for a playback, 20 ms at a time. Used on one executor at a time; never blocks (a file is read
 * ahead on a thread of its own).
 */
public interface FrameSource {
    /** The rate of the samples it produces, in Hz. */
    int sampleRate();

    /**
     * Fills {@code out} with the next 20 ms ({@code sampleRate() / 50} samples); returns the samples written: fewer
     * at the source's end, 0 once it has ended.
     */
    int next(short[] out);

    /** Releases what it holds (a file reader); idempotent. */
    void close();
}
