package org.strowger.api.media;

import org.strowger.api.StrowgerException;

/**
 * A media operation failed for a reason outside the call: a WAV file that cannot be read or written, a format no
 * codec decodes. The message names the file or format; the call and the channel are unaffected.
 */
public class MediaException extends StrowgerException {
    private static final long serialVersionUID = 1L;

    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
