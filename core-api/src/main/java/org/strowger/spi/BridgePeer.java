package org.strowger.spi;

import org.strowger.api.ChannelId;

/**
 * The other member of a two-party bridge, as told to a tech so it can offer native or direct media.
 *
 * @param channelId the peer channel's id
 * @param techName the peer channel's tech
 */
public record BridgePeer(ChannelId channelId, String techName) {
}
