package org.strowger.bench.lockpeer;

import java.util.concurrent.locks.ReentrantLock;

/*
 * A two-party call bridge of the lock peer. Its lock guards its members; a member's bridge and peer fields change
 * only with the bridge's lock and both members' locks held (bridge first, then channels by id), so a thread holding
 * either lock sees a consistent pair. When a member leaves, the bridge dissolves and the other member leaves too,
 * hung up if it joined with hang-up-after.
 */
public final class LockBridge {
    final long id;
    final ReentrantLock lock = new ReentrantLock();
    // guarded by lock
    LockChannel first;
    LockChannel second;
    boolean dissolved;

    LockBridge(long id) {
        this.id = id;
    }

    public long id() {
        return id;
    }

    /**
     * Joins {@code c} (answered, in no bridge). With a member already present, both are locked in id order and told
     * their peer. Throws {@link IllegalStateException} if the bridge is full or dissolved or {@code c} is not free.
     */
    public void join(LockChannel c, boolean hangUpAfter) {
        lock.lock();
        try {
            if (dissolved || second != null) {
                throw new IllegalStateException("bridge " + id + " cannot take a member");
            }
            LockChannel other = first;
            if (other == null) {
                c.lock.lock();
                try {
                    admit(c, hangUpAfter);
                    first = c;
                } finally {
                    c.lock.unlock();
                }
                return;
            }
            LockChannel.lockAll(c, other);
            try {
                admit(c, hangUpAfter);
                second = c;
                c.peer = other;
                other.peer = c;
                c.tech.bridged(other);
                other.tech.bridged(c);
            } finally {
                LockChannel.unlockAll(c, other);
            }
        } finally {
            lock.unlock();
        }
    }

    private void admit(LockChannel c, boolean hangUpAfter) {
        if (c.bridge != null || c.state == LockChannel.State.HUNG_UP) {
            throw new IllegalStateException(c.name + " cannot join a bridge");
        }
        c.bridge = this;
        c.hangUpAfter = hangUpAfter;
    }

    /** The member other than {@code c}, or null; caller holds this bridge's lock. */
    LockChannel other(LockChannel c) {
        return first == c ? second : first;
    }

    /** Takes {@code c} out; caller holds this bridge's lock and the locks of {@code c} and its peer. */
    void remove(LockChannel c) {
        LockChannel other = other(c);
        if (first == c) {
            first = second;
        }
        second = null;
        c.bridge = null;
        c.peer = null;
        c.tech.unbridged();
        if (other != null) {
            other.peer = null;
            other.tech.unbridged();
        }
    }
}
