package org.strowger.core.channel;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.FrameTap;
import org.strowger.api.frame.Frame;
import org.strowger.core.exec.Contained;
import org.strowger.core.log.LogText;

/*
 * The taps of one channel, owned by its executor: an array replaced on add and remove (taps are few and frames many,
 * so the frame path is a plain loop with no allocation). Each tap is closed exactly once: on remove, on hang-up, or
 * after it throws, in which case it is taken off (counted as a callback fault) and the frame passes on unchanged.
 */
final class Taps {
    private static final Logger LOG = LoggerFactory.getLogger(Taps.class);
    private static final FrameTap[] NONE = new FrameTap[0];

    private FrameTap[] taps = NONE;

    boolean isEmpty() {
        return taps.length == 0;
    }

    void add(FrameTap tap) {
        taps = Arrays.copyOf(taps, taps.length + 1);
        taps[taps.length - 1] = tap;
    }

    /** Passes {@code frame} through every tap in order; null if one dropped it. */
    Frame apply(ChannelImpl channel, FrameTap.Direction direction, Frame frame) {
        for (FrameTap tap : taps) {
            Frame in = frame;
            Frame[] out = new Frame[1];
            Throwable t = Contained.run(() -> out[0] = tap.onFrame(channel, direction, in));
            if (t != null) {
                LOG.warn("channel {}: frame tap {} threw {}; it is removed and the call goes on", channel.id(),
                        LogText.escape(tap.getClass().getName()), LogText.escape(String.valueOf(t)));
                channel.rt.faults().increment();
                remove(channel, tap, FrameTap.CloseReason.FAULT);
                continue;
            }
            if (out[0] == null) {
                return null;
            }
            frame = out[0];
        }
        return frame;
    }

    /** Closes {@code tap} if it is still on; false if it was already closed. */
    boolean remove(ChannelImpl channel, FrameTap tap, FrameTap.CloseReason reason) {
        for (int i = 0; i < taps.length; i++) {
            if (taps[i] == tap) {
                FrameTap[] next = new FrameTap[taps.length - 1];
                System.arraycopy(taps, 0, next, 0, i);
                System.arraycopy(taps, i + 1, next, i, taps.length - i - 1);
                taps = next;
                close(channel, tap, reason);
                return true;
            }
        }
        return false;
    }

    /** Closes every tap (the channel hung up). */
    void closeAll(ChannelImpl channel) {
        FrameTap[] all = taps;
        taps = NONE;
        for (FrameTap tap : all) {
            close(channel, tap, FrameTap.CloseReason.HANGUP);
        }
    }

    private static void close(ChannelImpl channel, FrameTap tap, FrameTap.CloseReason reason) {
        Throwable t = Contained.run(() -> tap.onClose(channel, reason));
        if (t != null) {
            LOG.warn("channel {}: frame tap {} threw {} while closing; ignored", channel.id(),
                    LogText.escape(tap.getClass().getName()), LogText.escape(String.valueOf(t)));
            channel.rt.faults().increment();
        }
    }
}
