package org.strowger.api.media;

import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;

/**
 * An adaptive playout buffer for one stream of voice frames that arrive with jitter, out of order or not at all, and
 * are consumed on a clock: a tech's receive path, a recording or a speech service fed from RTP. The producer
 * {@link #offer}s frames as they come; the consumer {@link #poll}s once per frame period and gets the frame due, a
 * concealment frame in place of a missing one, or null before playout starts and once the stream has gone quiet.
 *
 * <p>Frames are ordered by their timestamps (on the stream's clock, in {@link MediaFormat#clockRate()} units, as an
 * RTP tech sets them). The delay adapts to the measured interarrival jitter (RFC 3550) within
 * {@link JitterBufferOptions#minFrames()} and {@link JitterBufferOptions#maxFrames()}: it grows by one frame when the
 * frame due is missing and arrivals have been cutting it fine, and shrinks by one after a second in which every
 * arrival came early enough; so a stream whose jitter exceeds {@code minFrames} from its first frame may lose a few
 * frames, late, while the delay grows: set {@code minFrames} to cover the jitter expected. A frame arriving after its
 * turn, or a duplicate, is dropped and counted. A jump of the timestamps (a new source behind the same stream) is
 * followed once a second frame confirms it, with no burst and nothing played twice; while the first frame of the new
 * source waits for that confirmation, one period is concealed if nothing else is buffered. A missing frame is concealed by repeating the last pitch period with a fade (silence after 60 ms of loss); the
 * first frame after a loss is cross-faded in, so neither clicks.
 *
 * <p>Get one from {@link org.strowger.api.ChannelCore#newJitterBuffer} or
 * {@link org.strowger.spi.TechContext#newJitterBuffer}; arrivals are timed on the core's clock (virtual under
 * simulation). Not thread-safe: one thread at a time (a channel's or a tech executor's) uses it; it allocates only
 * the frames it returns.
 */
public interface JitterBuffer {
    /** The format of the frames it takes and returns. */
    MediaFormat format();

    /**
     * Hands in a frame as it arrived. False if it was not kept: late (its turn has passed), a duplicate, or far from
     * the playout point (then held until the next offer confirms the jump).
     *
     * @throws org.strowger.api.InvalidArgumentException if {@code frame} is null, not in {@link #format()}, or not
     *     one frame long ({@link JitterBufferOptions#frame()})
     */
    boolean offer(VoiceFrame frame);

    /**
     * The frame due now, to be called once per frame period: a frame that arrived (returned as it was offered unless
     * it follows a loss and was cross-faded in), a concealment frame with the missing frame's timestamp, or null
     * (playout has not started, or the stream has gone quiet: nothing came for {@code maxFrames} periods).
     */
    VoiceFrame poll();

    /** Forgets every frame and the timeline: the next offer starts playout afresh. Counters are kept. */
    void reset();

    /** Counters and the current delay. */
    Stats stats();

    /**
     * What the buffer has done since it was made.
     *
     * @param received frames offered
     * @param played frames played as they arrived
     * @param concealed concealment frames returned (a frame given a tick longer to come counts here too)
     * @param lost frames never played: concealed and given up on
     * @param late frames dropped because their turn had passed (or a lone jump that was not confirmed)
     * @param duplicates frames dropped as copies of one already buffered or played
     * @param dropped frames dropped from the front to keep at most {@code maxFrames} after a burst
     * @param resyncs confirmed timestamp jumps followed
     * @param depthFrames frames buffered now
     * @param targetFrames the delay it aims for now, in frames
     * @param jitterMillis the RFC 3550 interarrival jitter estimate
     */
    record Stats(long received, long played, long concealed, long lost, long late, long duplicates, long dropped,
            long resyncs, int depthFrames, int targetFrames, double jitterMillis) {
    }
}
