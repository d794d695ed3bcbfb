package org.strowger.core.media.play;

import java.time.Duration;
import java.util.Objects;

/*
 * What every frame source here is: read() fills any number of samples, so that a sequence can complete a frame from
 * its next part and a resampler can ask its source for what it needs; next() is read() of one 20 ms frame. read()
 * returns fewer samples than asked only at the end, and 0 after it.
 */
abstract class PcmSource implements FrameSource {
    private final int rate;

    PcmSource(int rate) {
        this.rate = rate;
    }

    @Override
    public final int sampleRate() {
        return rate;
    }

    @Override
    public final int next(short[] out) {
        int frame = rate / 50;
        Objects.checkFromIndexSize(0, frame, out.length);
        return read(out, 0, frame);
    }

    /** Fills up to {@code count} samples of {@code out[offset..]}; returns how many: fewer only at the end. */
    abstract int read(short[] out, int offset, int count);

    /**
     * True if the next {@code count} samples are at hand: always, but for a file whose read-ahead has fallen short
     * (read() then plays silence for what is missing rather than wait).
     */
    boolean ready(int count) {
        return true;
    }

    @Override
    public void close() {
    }

    /** {@code d} in samples at {@code rate}, rounded down (d is at most MediaSource.MAX_DURATION). */
    static long samples(Duration d, int rate) {
        return Math.multiplyExact(d.toNanos(), (long) rate) / 1_000_000_000L;
    }
}
