package org.strowger.core.media.tone;

import java.util.Arrays;
import java.util.Objects;

/*
 * In-band DTMF (ITU-T Q.23) as 16-bit linear PCM at 8 or 16 kHz, streaming: start(digit, ms) starts that digit at
 * once (cutting short one still playing), and generate() then fills any number of samples per call with the digit
 * for its duration and silence after it. The two sines keep their phase across calls.
 *
 * Levels default to -9 dBm0 for the low group and -7 dBm0 for the high group (the high group 2 dB up, a usual
 * transmit "twist" that offsets the line's greater loss at high frequencies); both are configurable, and with them
 * the twist. Dbm0's reference: a full-scale sine is +3.14 dBm0. Not thread-safe; no allocation per call.
 */
public final class DtmfGenerator {
    public static final double DEFAULT_LOW_DBM0 = -9;
    public static final double DEFAULT_HIGH_DBM0 = -7;
    private static final double TWO_PI = 2 * Math.PI;

    private final int sampleRate;
    private final double lowAmplitude;
    private final double highAmplitude;
    private double lowIncrement;
    private double highIncrement;
    private double lowPhase;
    private double highPhase;
    private long remaining;
    private char digit;

    /** A generator at {@code sampleRate} (8000 or 16000) with the default levels. */
    public DtmfGenerator(int sampleRate) {
        this(sampleRate, DEFAULT_LOW_DBM0, DEFAULT_HIGH_DBM0);
    }

    /** A generator with the low group at {@code lowDbm0} and the high group at {@code highDbm0}. */
    public DtmfGenerator(int sampleRate, double lowDbm0, double highDbm0) {
        if (sampleRate != 8000 && sampleRate != 16000) {
            throw new IllegalArgumentException("DTMF sample rate " + sampleRate + " Hz: must be 8000 or 16000");
        }
        this.sampleRate = sampleRate;
        this.lowAmplitude = Dbm0.amplitude(Dbm0.check(lowDbm0, "low group level"));
        this.highAmplitude = Dbm0.amplitude(Dbm0.check(highDbm0, "high group level"));
    }

    /** Starts {@code digit} (0-9, *, #, A-D) for {@code durationMs}, replacing whatever was playing. */
    public void start(char digit, int durationMs) {
        int index = Dtmf.index(digit);
        if (index < 0) {
            throw new IllegalArgumentException("'" + digit + "' is not a DTMF digit (0-9, *, #, A-D)");
        }
        if (durationMs <= 0 || durationMs > TonePlan.MAX_DURATION_MS) {
            throw new IllegalArgumentException("DTMF duration " + durationMs + " ms: must be 1.." + TonePlan.MAX_DURATION_MS);
        }
        this.digit = Character.toUpperCase(digit);
        lowIncrement = Dtmf.LOW[index / 4] / sampleRate;
        highIncrement = Dtmf.HIGH[index % 4] / sampleRate;
        lowPhase = 0;
        highPhase = 0;
        remaining = Math.round(durationMs * (double) sampleRate / 1000);
    }

    /** True while a digit still has samples to play. */
    public boolean active() {
        return remaining > 0;
    }

    /** The digit playing (or last played), '\0' before the first. */
    public char digit() {
        return digit;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Fills {@code out[offset..offset+samples)}: the digit while it lasts, then silence; returns {@code samples}. */
    public int generate(short[] out, int offset, int samples) {
        Objects.checkFromIndexSize(offset, samples, out.length);
        int tone = (int) Math.min(samples, remaining);
        for (int i = offset, end = offset + tone; i < end; i++) {
            double v = lowAmplitude * Math.sin(TWO_PI * lowPhase) + highAmplitude * Math.sin(TWO_PI * highPhase);
            long r = Math.round(v);
            out[i] = (short) (r > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(r, Short.MIN_VALUE));
            lowPhase += lowIncrement;
            if (lowPhase >= 1) {
                lowPhase -= 1;
            }
            highPhase += highIncrement;
            if (highPhase >= 1) {
                highPhase -= 1;
            }
        }
        Arrays.fill(out, offset + tone, offset + samples, (short) 0);
        remaining -= tone;
        return samples;
    }

    /** Stops the digit playing, if any. */
    public void stop() {
        remaining = 0;
    }
}
