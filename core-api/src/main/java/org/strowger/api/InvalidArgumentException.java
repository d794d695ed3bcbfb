package org.strowger.api;

/**
 * An argument was null, out of range or malformed. Thrown synchronously by the method that received it; nothing was
 * queued or changed. Messages never echo untrusted text unescaped.
 */
public class InvalidArgumentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(String message) {
        super(message);
    }
}
