package org.strowger.api.media;

import java.time.Duration;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.frame.DtmfDigit;

/**
 * How {@link org.strowger.api.Channel#collectDigits} collects DTMF digits.
 *
 * @param maxDigits collection ends once this many digits are in (1..64)
 * @param firstDigitTimeout how long to wait for the first digit (0 .. 24 h), counted from the start of the collection,
 *     or, if the channel is playing a prompt then (a {@code play}, not music on hold), from the end of that prompt,
 *     however it ends; a digit keyed over the prompt counts as the first
 * @param interDigitTimeout how long to wait for each further digit (0 .. 24 h)
 * @param terminators digits that end the collection (not included in the result); empty for none
 * @param bargeIn true: the first digit stops the channel's playback (a prompt the caller keys over) as it counts, that
 *     is when it ends (its {@code DtmfEnd}), before another frame of the prompt is written
 */
public record DigitCollection(int maxDigits, Duration firstDigitTimeout, Duration interDigitTimeout,
        String terminators, boolean bargeIn) {
    public DigitCollection {
        if (maxDigits < 1 || maxDigits > 64) {
            throw new InvalidArgumentException("max digits must be 1..64");
        }
        for (Duration d : new Duration[] {firstDigitTimeout, interDigitTimeout}) {
            if (d == null || d.isNegative() || d.compareTo(MediaSource.MAX_DURATION) > 0) {
                throw new InvalidArgumentException("timeouts must be 0 .. 24 h");
            }
        }
        if (terminators == null) {
            throw new InvalidArgumentException("terminators must not be null (empty for none)");
        }
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < terminators.length(); i++) {
            t.append(DtmfDigit.check(terminators.charAt(i)));
        }
        terminators = t.toString();
    }

    /** Up to {@code maxDigits}: 10 s for the first, 5 s between digits, {@code #} ends it, no barge-in. */
    public static DigitCollection of(int maxDigits) {
        return new DigitCollection(maxDigits, Duration.ofSeconds(10), Duration.ofSeconds(5), "#", false);
    }

    public DigitCollection withTimeouts(Duration first, Duration between) {
        return new DigitCollection(maxDigits, first, between, terminators, bargeIn);
    }

    public DigitCollection withTerminators(String digits) {
        return new DigitCollection(maxDigits, firstDigitTimeout, interDigitTimeout, digits, bargeIn);
    }

    /** The first digit stops the channel's playback (a prompt being played). */
    public DigitCollection withBargeIn() {
        return new DigitCollection(maxDigits, firstDigitTimeout, interDigitTimeout, terminators, true);
    }
}
