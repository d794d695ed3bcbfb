package org.strowger.core.media.play;

import org.strowger.api.media.MediaSource;
import org.strowger.core.media.tone.DtmfGenerator;

/*
 * In-band DTMF digits at 8 or 16 kHz (DtmfGenerator: the Q.23 pairs at its default levels and twist): each digit
 * sounds for the tone duration and is followed by the gap, both in whole milliseconds (a fraction of one is dropped),
 * so each digit takes exactly (tone + gap) * rate / 1000 samples. FrameSources resamples it for 24 and 48 kHz.
 */
final class DigitsSource extends PcmSource {
    private final String digits;
    private final int toneMs;
    private final long slot;
    private final DtmfGenerator generator;
    private int index;
    private long left;

    DigitsSource(MediaSource.Digits source, int rate) {
        super(rate);
        digits = source.digits();
        toneMs = (int) source.tone().toMillis();
        slot = (source.tone().toMillis() + source.gap().toMillis()) * rate / 1000;
        generator = new DtmfGenerator(rate);
    }

    @Override
    int read(short[] out, int offset, int count) {
        int done = 0;
        while (done < count) {
            if (left == 0) {
                if (index == digits.length()) {
                    break;
                }
                generator.start(digits.charAt(index++), toneMs);
                left = slot;
            }
            int n = (int) Math.min(count - done, left);
            generator.generate(out, offset + done, n);
            left -= n;
            done += n;
        }
        return done;
    }
}
