package org.strowger.core.media.play;

import java.time.Duration;
import org.strowger.api.media.MediaSource;
import org.strowger.core.media.tone.ToneGenerator;
import org.strowger.core.media.tone.TonePlan;

/*
 * A tone plan (a Tone source, or a country's call-progress tone) for at most a duration: it ends where the plan ends
 * if the plan does not repeat, else after the duration, and a source without a duration after MediaSource's
 * MAX_DURATION. The cadence is the ToneGenerator's, counted in samples, so frame edges do not move it.
 */
final class ToneSource extends PcmSource {
    private final ToneGenerator generator;
    private long remaining;

    /** {@code plan} at {@code rate} for at most {@code duration} (null: until the plan ends, or MAX_DURATION). */
    ToneSource(TonePlan plan, Duration duration, int rate) {
        super(rate);
        generator = new ToneGenerator(plan, rate);
        long limit = samples(duration == null ? MediaSource.MAX_DURATION : duration, rate);
        long length = generator.length();
        remaining = length < 0 ? limit : Math.min(limit, length);
    }

    @Override
    int read(short[] out, int offset, int count) {
        int n = (int) Math.min(count, remaining);
        generator.generate(out, offset, n);
        remaining -= n;
        return n;
    }
}
