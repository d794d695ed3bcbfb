package org.strowger.api.frame;

import java.time.Duration;
import org.strowger.api.InvalidArgumentException;

/**
 * A DTMF key went up (or a whole digit was received out of band).
 *
 * @param digit {@code 0-9 * # A-D}
 * @param duration how long the key was down; not negative, at most 60 s
 */
public record DtmfEnd(char digit, Duration duration) implements Frame {
    /** Longest duration accepted. */
    public static final Duration MAX_DURATION = Duration.ofSeconds(60);

    public DtmfEnd {
        digit = DtmfDigit.check(digit);
        if (duration == null || duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
            throw new InvalidArgumentException("DTMF duration must be 0..60 s");
        }
    }
}
