package org.strowger.spi;

import java.util.Map;
import org.strowger.api.ChannelId;
import org.strowger.api.Party;

/**
 * What a tech needs to create the tech side of an outbound channel.
 *
 * @param channelId the new channel's id
 * @param channelName the new channel's name
 * @param resource the destination after the tech name in the dial string (untrusted)
 * @param caller the caller identity to present
 * @param variables the channel's variables at creation (including inherited ones)
 */
public record OutboundSetup(
        ChannelId channelId, String channelName, String resource, Party caller, Map<String, String> variables) {
    public OutboundSetup {
        variables = Map.copyOf(variables);
    }
}
