package org.strowger.api.frame;

import org.strowger.api.InvalidArgumentException;

/** Validation of DTMF digits: {@code 0-9 * # A-D} (lower-case a-d are accepted and upper-cased). */
public final class DtmfDigit {
    private DtmfDigit() {
    }

    /** Returns the canonical digit or throws {@link InvalidArgumentException}. */
    public static char check(char digit) {
        if ((digit >= '0' && digit <= '9') || digit == '*' || digit == '#' || (digit >= 'A' && digit <= 'D')) {
            return digit;
        }
        if (digit >= 'a' && digit <= 'd') {
            return Character.toUpperCase(digit);
        }
        throw new InvalidArgumentException("not a DTMF digit: U+" + String.format("%04X", (int) digit));
    }
}
