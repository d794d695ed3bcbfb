package org.strowger.api;

import java.util.Map;
import org.strowger.api.media.ChannelMedia;

/**
 * An immutable picture of a channel, published by its executor after every change and readable from any thread
 * without locks. Two snapshots of one channel are ordered by {@link #version()}.
 *
 * @param id the channel's id
 * @param name the channel's unique name, e.g. {@code Fake/alice-0000002a}; safe to log
 * @param tech the name of the channel's tech
 * @param direction inbound or outbound
 * @param destination what was dialled: for an inbound channel the destination the tech announced, for an outbound
 *     channel the requested resource; untrusted text, may be empty
 * @param linkedId the id of the call this channel belongs to: the first channel's id; preserved across transfers
 * @param state lifecycle state
 * @param caller caller identity
 * @param connected connected-line identity
 * @param variables channel variables (names without inheritance prefixes); immutable
 * @param ownerKind what owns the channel now
 * @param ownerName a human-readable name of the owner: the application's name or the bridge id ({@code ""} for none)
 * @param bridge the bridge that owns the channel, or {@code null}
 * @param hangupCause why it was hung up, or {@code null} while it is live
 * @param createdAtMillis wall-clock creation time (from the core's scheduler)
 * @param answeredAtMillis wall-clock answer time, or {@code 0} if never answered
 * @param endedAtMillis wall-clock hang-up time, or {@code 0} while live
 * @param media the channel's formats and media direction as its tech declares them
 *     ({@link ChannelMedia#TRANSPARENT} until it does)
 * @param endpoint the endpoint the channel counts against for usage limits ({@link ChannelCore#setUsageLimit}): the
 *     tech's explicit endpoint, else {@code tech/resource}; {@code null} if it counts on none (the second half of a
 *     Local pair)
 * @param version increases by one with each published change
 */
public record ChannelSnapshot(
        ChannelId id,
        String name,
        String tech,
        Direction direction,
        String destination,
        ChannelId linkedId,
        ChannelState state,
        Party caller,
        Party connected,
        Map<String, String> variables,
        OwnerKind ownerKind,
        String ownerName,
        BridgeId bridge,
        HangupCause hangupCause,
        long createdAtMillis,
        long answeredAtMillis,
        long endedAtMillis,
        ChannelMedia media,
        String endpoint,
        long version) {

    public ChannelSnapshot {
        variables = Map.copyOf(variables);
    }

    /** True until the channel is hung up. */
    public boolean isLive() {
        return !state.isEnded();
    }
}
