package org.strowger.api.frame;

/**
 * A DTMF key went down.
 *
 * @param digit {@code 0-9 * # A-D}
 */
public record DtmfBegin(char digit) implements Frame {
    public DtmfBegin {
        digit = DtmfDigit.check(digit);
    }
}
