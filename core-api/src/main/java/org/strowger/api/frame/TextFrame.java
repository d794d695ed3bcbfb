package org.strowger.api.frame;

import org.strowger.api.InvalidArgumentException;

/**
 * A text message within the call (SIP MESSAGE, T.140). Untrusted: the core escapes it whenever it logs it.
 *
 * @param text up to {@link #MAX_LENGTH} characters
 */
public record TextFrame(String text) implements Frame {
    /** Longest text accepted. */
    public static final int MAX_LENGTH = 4096;

    public TextFrame {
        if (text == null) {
            throw new InvalidArgumentException("text must not be null");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidArgumentException("text longer than " + MAX_LENGTH + " characters");
        }
    }
}
