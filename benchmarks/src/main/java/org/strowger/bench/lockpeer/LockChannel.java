package org.strowger.bench.lockpeer;

import java.util.concurrent.locks.ReentrantLock;
import org.strowger.api.frame.MediaFrame;

/*
 * A channel of the lock peer: the same channel model as Strowger's (state, bridge membership, peer, a tech driver),
 * built the conventional way: one ReentrantLock per channel guards its fields, and any thread that has business with
 * the channel takes the lock and does it there. Lock order, everywhere in the peer: bridges before channels, two
 * bridges by id, channels by id. A thread that knows only the channel and needs its bridge reads the bridge under the
 * channel's lock, drops it, locks the bridge then the channel, and re-checks (LockBridge, LockCore.hangup).
 *
 * Media: the thread that read a frame from the network (receive) locks this channel, reads its peer, unlocks, and
 * writes to the peer under the peer's lock. Two uncontended lock/unlock pairs per frame, no allocation, no hand-off.
 */
public final class LockChannel {
    /** Channel states, as Strowger's ChannelState in short. */
    public enum State { DOWN, RINGING, UP, HUNG_UP }

    final long id;
    final String name;
    final ReentrantLock lock = new ReentrantLock();
    LockTechChannel tech;
    // guarded by lock
    State state = State.DOWN;
    LockBridge bridge;
    LockChannel peer;
    boolean hangUpAfter;
    long framesIn;

    LockChannel(long id, String name) {
        this.id = id;
        this.name = name;
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Reported by the tech (from inside {@code call} or later, any thread): the far end answered. */
    public void answered() {
        lock.lock();
        try {
            if (state == State.RINGING || state == State.DOWN) {
                state = State.UP;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A frame read from the network for this channel, forwarded to its bridge peer on the calling thread. */
    public void receive(MediaFrame frame) {
        LockChannel p;
        lock.lock();
        try {
            if (state != State.UP) {
                return;
            }
            framesIn++;
            p = peer;
        } finally {
            lock.unlock();
        }
        if (p != null) {
            p.write(frame, this);
        }
    }

    private void write(MediaFrame frame, LockChannel from) {
        lock.lock();
        try {
            if (state == State.UP && peer == from) { // the bridge may have changed since the sender read its peer
                tech.write(frame);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Locks channels in id order (callers hold their bridge locks first). */
    static void lockAll(LockChannel... channels) {
        if (channels.length == 2 && channels[0].id > channels[1].id) {
            channels = new LockChannel[] {channels[1], channels[0]};
        } else if (channels.length > 2) {
            channels = channels.clone();
            java.util.Arrays.sort(channels, (x, y) -> Long.compare(x.id, y.id));
        }
        for (LockChannel c : channels) {
            c.lock.lock();
        }
    }

    static void unlockAll(LockChannel... channels) {
        for (LockChannel c : channels) {
            c.lock.unlock();
        }
    }
}
