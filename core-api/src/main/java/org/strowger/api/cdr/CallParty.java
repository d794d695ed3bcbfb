package org.strowger.api.cdr;

import org.strowger.api.ChannelId;
import org.strowger.api.InvalidArgumentException;

/**
 * One party of a {@link CallRecord}: a channel, as it was named when it was created.
 *
 * @param id the channel's id
 * @param name its name (log-safe, e.g. {@code SIP/alice-0000002a})
 * @param tech the name of its tech ({@code Local} for a half of a Local pair)
 */
public record CallParty(ChannelId id, String name, String tech) {
    /** The name of the loopback tech, whose channels are the halves of Local pairs. */
    public static final String LOCAL_TECH = "Local";

    /** @throws InvalidArgumentException for a null component */
    public CallParty {
        if (id == null || name == null || tech == null) {
            throw new InvalidArgumentException("a call party has an id, a name and a tech");
        }
    }

    /** True for a half of a Local pair: a loopback, not an end of the call. */
    public boolean isLocal() {
        return LOCAL_TECH.equals(tech);
    }
}
