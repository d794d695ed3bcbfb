package org.strowger.core.media.play;

import java.time.Duration;
import java.util.Arrays;

/** Silence for a duration (rounded down to whole samples). */
final class SilenceSource extends PcmSource {
    private long remaining;

    SilenceSource(Duration duration, int rate) {
        super(rate);
        remaining = samples(duration, rate);
    }

    @Override
    int read(short[] out, int offset, int count) {
        int n = (int) Math.min(count, remaining);
        Arrays.fill(out, offset, offset + n, (short) 0);
        remaining -= n;
        return n;
    }
}
