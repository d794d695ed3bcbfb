package org.strowger.core.dial;

import org.strowger.api.InvalidArgumentException;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;

/**
 * Turns the untrusted text of a redirect (ChannelSink.redirected) into the next hop's target. The text is parsed as
 * a dial string that must name exactly one target; only its tech and resource are used, so a remote party cannot set
 * options or variables on our channels. The hop keeps the forwarded target's timeout and variables, not its id (the
 * first leg may still hold it).
 */
final class ForwardTarget {
    private ForwardTarget() {
    }

    /** @throws InvalidArgumentException if {@code text} is not a one-target dial string; never echoes the text */
    static DialTarget parse(String text, DialTarget forwarded) {
        DialString parsed = DialString.parse(text);
        if (parsed.groups().size() != 1 || parsed.groups().get(0).targets().size() != 1) {
            throw new InvalidArgumentException("the forward target must name exactly one target");
        }
        DialTarget t = parsed.groups().get(0).targets().get(0);
        return new DialTarget(t.tech(), t.resource(), forwarded.timeout(), null, forwarded.variables());
    }
}
