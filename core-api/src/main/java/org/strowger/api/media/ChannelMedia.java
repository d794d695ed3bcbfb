package org.strowger.api.media;

import java.util.List;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.frame.MediaFormat;

/**
 * A channel's media as its tech declares it (in {@code ChannelSnapshot.media()}): the formats the tech can speak, the
 * format it delivers and the one it takes now, and the media direction. The core translates every voice frame written
 * to the channel into {@link #writeFormat()} before the tech sees it; a channel whose tech declares no formats
 * ({@link #TRANSPARENT}, the default, and the Local tech) takes frames as they come, and nothing is translated for it.
 *
 * @param nativeFormats what the tech can speak, in its order of preference; immutable; empty: the tech takes any
 *     format as it comes (transparent)
 * @param readFormat the format of the voice frames the tech delivers now, or null if it has not said
 * @param writeFormat the format the tech takes now, one of {@code nativeFormats}; null exactly when
 *     {@code nativeFormats} is empty
 * @param direction which way media flows now
 */
public record ChannelMedia(List<MediaFormat> nativeFormats, MediaFormat readFormat, MediaFormat writeFormat,
        MediaDirection direction) {
    /** A tech that declares nothing: frames pass as they come, both ways. */
    public static final ChannelMedia TRANSPARENT = new ChannelMedia(List.of(), null, null,
            MediaDirection.SEND_RECEIVE);

    public ChannelMedia {
        if (nativeFormats == null || direction == null) {
            throw new InvalidArgumentException("native formats and direction must not be null");
        }
        nativeFormats = List.copyOf(nativeFormats);
        if (nativeFormats.isEmpty() != (writeFormat == null)) {
            throw new InvalidArgumentException("a write format exactly when native formats are declared");
        }
        if (writeFormat != null && !nativeFormats.contains(writeFormat)) {
            throw new InvalidArgumentException("write format " + writeFormat.name() + " is not a native format");
        }
    }

    /** A tech speaking {@code formats} (preference order), reading and writing the first, both ways. */
    public static ChannelMedia of(MediaFormat... formats) {
        if (formats.length == 0) {
            throw new InvalidArgumentException("at least one format");
        }
        return new ChannelMedia(List.of(formats), formats[0], formats[0], MediaDirection.SEND_RECEIVE);
    }

    /** The same media with another direction. */
    public ChannelMedia withDirection(MediaDirection newDirection) {
        return new ChannelMedia(nativeFormats, readFormat, writeFormat, newDirection);
    }

    /** The same media now reading {@code read} and writing {@code write} (one of the native formats). */
    public ChannelMedia withFormats(MediaFormat read, MediaFormat write) {
        return new ChannelMedia(nativeFormats, read, write, direction);
    }

    /** True if the tech declared no formats: nothing is translated for the channel. */
    public boolean isTransparent() {
        return nativeFormats.isEmpty();
    }
}
