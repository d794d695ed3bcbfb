package org.strowger.spi;

import org.strowger.api.ChannelId;

/**
 * The other member of a two-party bridge, as told to a tech so it can offer native or direct media.
 *
 * @param channelId the peer channel's id
 * @param techName the peer channel's tech
 * @param directMedia what the peer's tech offers for direct media ({@link TechChannel#directMedia()}), or null: it
 *     offers nothing, or its tech is another one
 */
public record BridgePeer(ChannelId channelId, String techName, DirectMedia directMedia) {
    /** A peer that offers no direct media. */
    public BridgePeer(ChannelId channelId, String techName) {
        this(channelId, techName, null);
    }
}
