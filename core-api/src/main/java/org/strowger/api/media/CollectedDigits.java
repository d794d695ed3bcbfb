package org.strowger.api.media;

import org.strowger.api.InvalidArgumentException;

/**
 * The digits a collection got, in the order keyed, without the terminator.
 *
 * @param digits the digits ({@code 0-9 * # A-D}); empty if none came
 * @param end why the collection ended
 */
public record CollectedDigits(String digits, End end) {
    /** Why a digit collection ended. */
    public enum End {
        /** {@link DigitCollection#maxDigits()} digits came. */
        MAX_DIGITS,
        /** A terminator came. */
        TERMINATOR,
        /** A timeout expired (the first digit's, or one between digits). */
        TIMEOUT,
        /** Another collection on the channel replaced it. */
        REPLACED
    }

    public CollectedDigits {
        if (digits == null || end == null) {
            throw new InvalidArgumentException("digits and end must not be null");
        }
    }
}
