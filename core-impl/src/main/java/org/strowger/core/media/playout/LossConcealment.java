package org.strowger.core.media.playout;

import java.util.Arrays;
import java.util.Objects;

/*
 * Packet-loss concealment for 16-bit linear PCM frames, by pitch repetition (in the manner of G.711 Appendix I,
 * simplified). The last 60 ms played are kept. At the first frame of a loss, the pitch period P is found by
 * normalized autocorrelation of the last 15 ms against the history 2.5..15 ms earlier (400..66 Hz); the last P
 * samples become one period of the substitute waveform, their last quarter cross-faded with the quarter period before
 * them so that the period wraps without a step. Lost frames replay that period cyclically, with a gain falling
 * linearly from 1 to 0 over three frames (60 ms at 20 ms frames): one lost frame is bridged, a longer loss fades to
 * silence rather than buzzing. The first good frame after a loss is cross-faded from the continued substitute over
 * its first 5 ms, so neither the repair nor the return to real signal clicks (after a loss long enough to reach
 * silence, that is a fade-in).
 *
 * Use: call good(frame) for every frame received, before playing it (it may change the frame's first 5 ms), and
 * conceal() for every frame missing. Unvoiced sound is repeated at its best period too, which the fade keeps short.
 * Allocation only at construction; one instance per stream, not thread-safe.
 */
public final class LossConcealment {
    private static final int FADE_FRAMES = 3;

    private final int frame;
    private final int minPitch;
    private final int maxPitch;
    private final int blend;
    private final short[] history;
    private final double[] period;
    private final short[] output;
    private int pitch;
    private int phase;
    private double gain;
    private final double gainStep;
    private int missing;

    /** Concealment for frames of {@code frameSamples} samples at {@code sampleRate} (8000..48000 Hz). */
    public LossConcealment(int sampleRate, int frameSamples) {
        if (sampleRate < 8000 || sampleRate > 48000) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz: must be 8000..48000");
        }
        if (frameSamples < sampleRate / 200 || frameSamples > sampleRate / 10) {
            throw new IllegalArgumentException("frame of " + frameSamples + " samples: must be 5..100 ms at "
                    + sampleRate + " Hz");
        }
        this.frame = frameSamples;
        this.minPitch = sampleRate / 400;
        this.maxPitch = sampleRate / 66;
        this.blend = Math.min(frameSamples, sampleRate / 200);
        this.history = new short[4 * maxPitch];
        this.period = new double[maxPitch];
        this.output = new short[frameSamples];
        this.gainStep = 1.0 / (FADE_FRAMES * frameSamples);
    }

    /**
     * Records the good frame {@code frame[offset..offset+frameSamples)}; after a loss, first cross-fades its start
     * from the substitute waveform, in place.
     */
    public void good(short[] in, int offset) {
        Objects.checkFromIndexSize(offset, frame, in.length);
        if (missing > 0) {
            for (int i = 0; i < blend; i++) {
                double w = (i + 1.0) / (blend + 1);
                double substitute = next();
                in[offset + i] = clamp(in[offset + i] * w + substitute * (1 - w));
            }
            missing = 0;
        }
        remember(in, offset);
    }

    /** Writes a concealment frame to {@code out[offset..offset+frameSamples)}. */
    public void conceal(short[] out, int offset) {
        Objects.checkFromIndexSize(offset, frame, out.length);
        if (missing == 0) {
            start();
        }
        missing++;
        for (int i = 0; i < frame; i++) {
            out[offset + i] = clamp(next());
        }
        remember(out, offset);
    }

    /** A concealment frame in a buffer of this instance's, valid until the next call (for a Concealer). */
    public short[] conceal() {
        conceal(output, 0);
        return output;
    }

    /** Frames concealed in a row so far (0 after a good frame). */
    public int missing() {
        return missing;
    }

    /** Forgets the history: the next loss conceals with silence. */
    public void reset() {
        Arrays.fill(history, (short) 0);
        missing = 0;
    }

    private double next() {
        double v = period[phase] * gain;
        phase = phase + 1 == pitch ? 0 : phase + 1;
        gain = Math.max(0, gain - gainStep);
        return v;
    }

    private void start() {
        int h = history.length;
        int window = maxPitch;
        int best = maxPitch;
        double bestScore = -1;
        for (int p = minPitch; p <= maxPitch; p++) {
            double xy = 0;
            double yy = 0;
            for (int i = h - window; i < h; i++) {
                double y = history[i - p];
                xy += history[i] * y;
                yy += y * y;
            }
            double score = yy > 0 ? xy / Math.sqrt(yy) : 0;
            if (score > bestScore) {
                bestScore = score;
                best = p;
            }
        }
        pitch = best;
        int quarter = pitch / 4;
        for (int i = 0; i < pitch; i++) {
            period[i] = history[h - pitch + i];
        }
        // blend the period's end into what preceded its start: the cycle then wraps smoothly
        for (int i = 0; i < quarter; i++) {
            double w = (i + 1.0) / (quarter + 1);
            int at = pitch - quarter + i;
            period[at] = period[at] * (1 - w) + history[h - pitch - quarter + i] * w;
        }
        phase = 0;
        gain = 1;
    }

    private void remember(short[] in, int offset) {
        int h = history.length;
        if (frame >= h) {
            System.arraycopy(in, offset + frame - h, history, 0, h);
        } else {
            System.arraycopy(history, frame, history, 0, h - frame);
            System.arraycopy(in, offset, history, h - frame, frame);
        }
    }

    private static short clamp(double v) {
        long r = Math.round(v);
        return (short) (r > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(r, Short.MIN_VALUE));
    }
}
