package org.strowger.core;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.Channel;
import org.strowger.api.FrameTap;
import org.strowger.api.frame.Frame;

/*
 * The taps of one channel, owned by its executor: an array replaced on add and remove (taps are few and frames many,
 * so the frame path is a plain loop with no allocation). Each tap is closed exactly once: on remove, on hang-up, or
 * after it throws, in which case it is taken off and the frame passes on unchanged.
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
    Frame apply(Channel channel, FrameTap.Direction direction, Frame frame) {
        for (FrameTap tap : taps) {
            Frame out;
            try {
                out = tap.onFrame(channel, direction, frame);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                LOG.warn("channel {}: frame tap {} threw {}; it is removed and the call goes on", channel.id(),
                        LogText.escape(tap.getClass().getName()), LogText.escape(String.valueOf(e)));
                remove(channel, tap, FrameTap.CloseReason.FAULT);
                continue;
            }
            if (out == null) {
                return null;
            }
            frame = out;
        }
        return frame;
    }

    /** Closes {@code tap} if it is still on; false if it was already closed. */
    boolean remove(Channel channel, FrameTap tap, FrameTap.CloseReason reason) {
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
    void closeAll(Channel channel) {
        FrameTap[] all = taps;
        taps = NONE;
        for (FrameTap tap : all) {
            close(channel, tap, FrameTap.CloseReason.HANGUP);
        }
    }

    private static void close(Channel channel, FrameTap tap, FrameTap.CloseReason reason) {
        try {
            tap.onClose(channel, reason);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.warn("channel {}: frame tap {} threw {} while closing; ignored", channel.id(),
                    LogText.escape(tap.getClass().getName()), LogText.escape(String.valueOf(e)));
        }
    }
}
