package org.strowger.spi;

import java.util.List;
import java.util.Map;
import org.strowger.api.ChannelId;
import org.strowger.api.Party;
import org.strowger.api.frame.MediaFormat;

/**
 * What a tech needs to create the tech side of an outbound channel.
 *
 * @param channelId the new channel's id
 * @param channelName the new channel's name
 * @param resource the destination after the tech name in the dial string (untrusted)
 * @param caller the caller identity to present
 * @param variables the channel's variables at creation (including inherited ones)
 * @param requesterFormats the formats of the channel it is requested for ({@code OutboundRequest.withRequester}), in
 *     that channel's order of preference: its tech's native formats, else what its caller offered; immutable, empty
 *     if there is no requester or it declared none. Offering these to the callee first lets the call go through
 *     untranslated (Asterisk passes the requester's formats to {@code ast_request})
 */
public record OutboundSetup(ChannelId channelId, String channelName, String resource, Party caller,
        Map<String, String> variables, List<MediaFormat> requesterFormats) {
    public OutboundSetup {
        variables = Map.copyOf(variables);
        requesterFormats = List.copyOf(requesterFormats);
    }

    /** A setup with no requester formats. */
    public OutboundSetup(ChannelId channelId, String channelName, String resource, Party caller,
            Map<String, String> variables) {
        this(channelId, channelName, resource, caller, variables, List.of());
    }
}
