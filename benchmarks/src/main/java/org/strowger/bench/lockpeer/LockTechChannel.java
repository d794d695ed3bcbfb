package org.strowger.bench.lockpeer;

import org.strowger.api.frame.MediaFrame;

/**
 * The tech side of a {@link LockChannel}, the lock peer's counterpart of Strowger's {@code TechChannel}. Every method
 * is called with the channel's lock held (as conventional cores call their channel drivers), on whichever thread
 * drove the operation.
 */
public interface LockTechChannel {
    /** Places the call; may report {@link LockChannel#answered()} from inside. */
    void call(LockChannel channel);

    /** Sends one frame to the far end. */
    void write(MediaFrame frame);

    void bridged(LockChannel peer);

    void unbridged();

    void hangup();

    /** The channel is destroyed. */
    void close();
}
