package org.strowger.core.media.tone;

/*
 * The level reference shared by the tone package: 16-bit linear PCM read as G.711 reads it, where a sine at the full
 * 16-bit scale (peak 32767) is +3.14 dBm0 (the A-law figure; mu-law's is 3.17). So 0 dBm0 is a sine of peak
 * 32767 * 10^(-3.14/20) = 22826 (RMS 16141), and a level in dBm0 is 3.14 dB above the same signal's level in dBFS,
 * where 0 dBFS is the full-scale sine (RMS 32767 / sqrt 2).
 */
final class Dbm0 {
    /** dBm0 of a full-scale sine; dBm0 = dBFS + FULL_SCALE_DBM0. */
    static final double FULL_SCALE_DBM0 = 3.14;
    private static final double FULL_SCALE_PEAK = 32767;
    private static final double FULL_SCALE_MEAN_SQUARE = FULL_SCALE_PEAK * FULL_SCALE_PEAK / 2;

    private Dbm0() {
    }

    /** Peak amplitude of a sine at {@code dbm0}. */
    static double amplitude(double dbm0) {
        return FULL_SCALE_PEAK * Math.pow(10, (dbm0 - FULL_SCALE_DBM0) / 20);
    }

    /** dBm0 of a signal with this mean square (a sine of peak A has mean square A^2 / 2). */
    static double ofMeanSquare(double meanSquare) {
        return 10 * Math.log10(meanSquare / FULL_SCALE_MEAN_SQUARE) + FULL_SCALE_DBM0;
    }

    /** Mean square of a signal at {@code dbm0}. */
    static double meanSquare(double dbm0) {
        return FULL_SCALE_MEAN_SQUARE * Math.pow(10, (dbm0 - FULL_SCALE_DBM0) / 10);
    }

    /** Rejects a level that is not finite or louder than the full-scale sine. */
    static double check(double dbm0, String what) {
        if (!Double.isFinite(dbm0) || dbm0 > FULL_SCALE_DBM0) {
            throw new IllegalArgumentException(
                    what + " " + dbm0 + " dBm0: must be finite and at most " + FULL_SCALE_DBM0 + " dBm0 (full scale)");
        }
        return dbm0;
    }
}
