package org.strowger.api.media;

import java.time.Duration;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.frame.MediaFormat;

/**
 * How a {@link JitterBuffer} is made: the stream's format, its frame length, and the range of delay it may keep.
 *
 * @param format the frames' format: one the core translates ({@link org.strowger.api.ChannelCore#translatableFormats})
 * @param frame each frame's length: 10 to 60 ms, a whole number of samples at the format's clock rate
 * @param minFrames the least delay kept, in frames (1 or more)
 * @param maxFrames the most delay kept, in frames ({@code minFrames} to 50)
 */
public record JitterBufferOptions(MediaFormat format, Duration frame, int minFrames, int maxFrames) {
    /** The longest delay a buffer may keep, in frames. */
    public static final int MAX_FRAMES = 50;

    /** @throws InvalidArgumentException for a null or non-audio format, or a frame or depth out of range */
    public JitterBufferOptions {
        if (format == null || format.kind() != MediaFormat.Kind.AUDIO) {
            throw new InvalidArgumentException("a jitter buffer needs an audio format, was " + format);
        }
        if (frame == null || frame.compareTo(Duration.ofMillis(10)) < 0 || frame.compareTo(Duration.ofMillis(60)) > 0
                || frame.toNanos() * format.clockRate() % 1_000_000_000L != 0) {
            throw new InvalidArgumentException("frame " + frame + ": must be 10..60 ms, whole samples at "
                    + format.clockRate() + " Hz");
        }
        if (minFrames < 1 || maxFrames < minFrames || maxFrames > MAX_FRAMES) {
            throw new InvalidArgumentException("depth " + minFrames + ".." + maxFrames + " frames: need 1 <= min <= max <= "
                    + MAX_FRAMES);
        }
    }

    /** 20 ms frames of {@code format}, 1 to 10 frames (20 to 200 ms) of delay. */
    public static JitterBufferOptions of(MediaFormat format) {
        return new JitterBufferOptions(format, Duration.ofMillis(20), 1, 10);
    }

    /** The same with a delay of {@code minFrames} to {@code maxFrames} frames. */
    public JitterBufferOptions withDepth(int minFrames, int maxFrames) {
        return new JitterBufferOptions(format, frame, minFrames, maxFrames);
    }

    /** Samples in one frame, at the format's clock rate. */
    public int frameSamples() {
        return (int) (frame.toNanos() * format.clockRate() / 1_000_000_000L);
    }
}
