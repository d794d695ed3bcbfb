package org.strowger.spi;

/**
 * What a tech offers a peer of the same tech for direct media (Asterisk's RTP glue): its media address and codecs,
 * for example. The core relays it, unread, from one channel's tech to its two-party peer's, only when both are of the
 * same tech ({@link BridgePeer#directMedia()}). Implementations must be immutable: the peer reads it on its own
 * executor.
 */
public interface DirectMedia {
}
