package org.strowger.api;

/** Validation shared by the id records: 1..150 visible ASCII characters, so ids are always safe to log. */
final class IdText {
    static final int MAX_LENGTH = 150;

    private IdText() {
    }

    static String check(String value, String what) {
        if (value == null) {
            throw new InvalidArgumentException(what + " must not be null");
        }
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new InvalidArgumentException(what + " length must be 1.." + MAX_LENGTH + ", was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '!' || c > '~') {
                throw new InvalidArgumentException(what + " holds a character outside visible ASCII at index " + i);
            }
        }
        return value;
    }
}
