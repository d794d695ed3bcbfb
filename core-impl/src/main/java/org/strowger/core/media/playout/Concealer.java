package org.strowger.core.media.playout;

/** Makes the frame a JitterBuffer plays in place of one that is missing (LossConcealment for 16-bit PCM). */
@FunctionalInterface
public interface Concealer<T> {
    /**
     * A frame to play for the missing one at {@code timestamp}; {@code consecutive} counts the missing frames in a
     * row, from 1. The buffer does not keep the result.
     */
    T conceal(long timestamp, int consecutive);
}
