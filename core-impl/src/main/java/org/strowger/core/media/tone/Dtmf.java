package org.strowger.core.media.tone;

/*
 * The DTMF keypad of ITU-T Q.23: four low-group (row) and four high-group (column) frequencies, one of each per
 * digit, for the sixteen digits 1 2 3 A / 4 5 6 B / 7 8 9 C / * 0 # D.
 */
final class Dtmf {
    static final double[] LOW = {697, 770, 852, 941};
    static final double[] HIGH = {1209, 1336, 1477, 1633};
    private static final String KEYS = "123A456B789C*0#D";

    private Dtmf() {
    }

    /** Index 0..15 of {@code digit} (row * 4 + column), -1 if it is not a DTMF digit; a..d count as A..D. */
    static int index(char digit) {
        return KEYS.indexOf(Character.toUpperCase(digit));
    }

    static char digit(int row, int column) {
        return KEYS.charAt(row * 4 + column);
    }
}
