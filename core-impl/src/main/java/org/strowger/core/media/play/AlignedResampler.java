package org.strowger.core.media.play;

import org.strowger.core.media.codec.Resampler;

/*
 * A Resampler whose group delay is taken out, for a source that has a beginning and an end: the first delay() output
 * samples (the filter filling up) are dropped, and after the last input flush() feeds zeros until the output holds
 * exactly ceil(inputs * outRate / inRate) samples. So output sample j is the input at time j / outRate, and a source
 * keeps its length and its timing across a rate change. Equal rates pass through unchanged. One stream; not
 * thread-safe.
 */
final class AlignedResampler {
    private static final int FLUSH_INPUT = 64;
    private static final short[] ZEROS = new short[FLUSH_INPUT];

    private final Resampler resampler;
    private final int inRate;
    private final int outRate;
    private int skip;
    private long in;
    private long out;

    AlignedResampler(int inRate, int outRate) {
        this.resampler = new Resampler(inRate, outRate);
        this.inRate = inRate;
        this.outRate = outRate;
        this.skip = resampler.delay();
    }

    /** Room {@code process} of {@code inSamples} samples needs at most. */
    int maxOutput(int inSamples) {
        return Resampler.maxOutput(inRate, outRate, inSamples);
    }

    /** Room {@code flush} needs at most. */
    int flushRoom() {
        return Resampler.maxOutput(inRate, outRate, FLUSH_INPUT);
    }

    /** Converts {@code n} samples of {@code src[srcOffset..]} into {@code dst[dstOffset..]}; returns the written. */
    int process(short[] src, int srcOffset, int n, short[] dst, int dstOffset) {
        in += n;
        return convert(src, srcOffset, n, dst, dstOffset, Long.MAX_VALUE);
    }

    /**
     * After the last input: the next of the samples still owed (the delay's worth) into {@code dst[dstOffset..]},
     * which has room for {@link #flushRoom()}; returns how many, 0 once none are owed.
     */
    int flush(short[] dst, int dstOffset) {
        while (true) {
            long owed = (in * outRate + inRate - 1) / inRate - out;
            if (owed <= 0) {
                return 0;
            }
            int n = convert(ZEROS, 0, FLUSH_INPUT, dst, dstOffset, owed);
            if (n > 0) {
                return n;
            }
        }
    }

    private int convert(short[] src, int srcOffset, int n, short[] dst, int dstOffset, long limit) {
        int produced = resampler.process(src, srcOffset, n, dst, dstOffset);
        int drop = Math.min(skip, produced);
        skip -= drop;
        int kept = (int) Math.min(produced - drop, limit);
        if (drop > 0) {
            System.arraycopy(dst, dstOffset + drop, dst, dstOffset, kept);
        }
        out += kept;
        return kept;
    }
}
