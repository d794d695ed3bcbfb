package org.strowger.api.frame;

import org.strowger.api.InvalidArgumentException;

/**
 * Comfort noise (CNG): silence suppression is active; the receiver should play noise at {@code level}.
 *
 * @param level noise level in -dBov, 0..127 (RFC 3389)
 */
public record ComfortNoiseFrame(int level) implements Frame {
    public ComfortNoiseFrame {
        if (level < 0 || level > 127) {
            throw new InvalidArgumentException("comfort noise level must be 0..127, was " + level);
        }
    }
}
