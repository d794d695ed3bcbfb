package org.strowger.api.dial;

import org.strowger.api.InvalidArgumentException;

/** A malformed dial string: where (0-based character index into the text) and why. Never echoes the input. */
public final class DialStringException extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;

    private final int position;
    private final String reason;

    public DialStringException(int position, String reason) {
        super("malformed dial string at position " + position + ": " + reason);
        this.position = position;
        this.reason = reason;
    }

    /** The 0-based index of the character where the error was found (the text's length if it ended early). */
    public int position() {
        return position;
    }

    /** What is wrong, without the input text. */
    public String reason() {
        return reason;
    }
}
