package org.strowger.core.media.play;

import org.strowger.api.media.MediaException;

/*
 * A source at another rate, converted as it is read (AlignedResampler: same timing and length): for what is generated
 * only at 8 or 16 kHz (DTMF) and played at 24 or 48 kHz. The conversion runs in read(), which only computes.
 */
final class ResampledSource extends PcmSource {
    private static final int INPUT = 160;

    private final PcmSource source;
    private final AlignedResampler resampler;
    private final short[] input = new short[INPUT];
    private final short[] pending;
    private int start;
    private int end;
    private boolean inputEnded;

    ResampledSource(PcmSource source, int rate) {
        super(rate);
        this.source = source;
        this.resampler = new AlignedResampler(source.sampleRate(), rate);
        this.pending = new short[Math.max(resampler.maxOutput(INPUT), resampler.flushRoom())];
    }

    @Override
    int read(short[] out, int offset, int count) {
        int done = 0;
        while (done < count) {
            if (start == end) {
                start = 0;
                if (!inputEnded) {
                    int n = source.read(input, 0, INPUT);
                    inputEnded = n < INPUT;
                    end = resampler.process(input, 0, n, pending, 0);
                } else {
                    end = resampler.flush(pending, 0);
                    if (end == 0) {
                        break;
                    }
                }
                continue;
            }
            int n = Math.min(count - done, end - start);
            System.arraycopy(pending, start, out, offset + done, n);
            start += n;
            done += n;
        }
        return done;
    }

    @Override
    boolean ready(int count) {
        return source.ready((int) ((long) count * source.sampleRate() / sampleRate()) + INPUT);
    }

    @Override
    public MediaException failure() {
        return source.failure();
    }

    @Override
    public void close() {
        source.close();
    }
}
