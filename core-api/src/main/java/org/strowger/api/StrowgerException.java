package org.strowger.api;

/** Base class of the core's own failures (not thrown for invalid arguments, see {@link InvalidArgumentException}). */
public class StrowgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StrowgerException(String message) {
        super(message);
    }

    public StrowgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
