package org.strowger.core;

import org.strowger.api.InvalidArgumentException;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;

/**
 * Turns the untrusted text of a redirect (ChannelSink.redirected) into the next hop's target. The one place that
 * parses it: for now a plain {@code TECH/resource} split here; once {@code DialString.parse} exists this should parse
 * the text with it and require exactly one target. The hop keeps the forwarded target's timeout and variables, not
 * its id (the first leg may still hold it).
 */
final class ForwardTarget {
    private ForwardTarget() {
    }

    /** @throws InvalidArgumentException if {@code text} is not a valid {@code TECH/resource}; never echoes the text */
    static DialTarget parse(String text, DialTarget forwarded) {
        if (text.length() > DialString.MAX_LENGTH) {
            throw new InvalidArgumentException("the forward target is longer than " + DialString.MAX_LENGTH);
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new InvalidArgumentException("the forward target is not of the form TECH/resource");
        }
        return new DialTarget(text.substring(0, slash), text.substring(slash + 1), forwarded.timeout(), null,
                forwarded.variables());
    }
}
