package org.strowger.bench.lockpeer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/*
 * The lock peer's core: "the same channel model built the conventional way", the second peer of the benchmark suite.
 * A ConcurrentHashMap registry by id and by name, channels with a lock each (LockChannel), two-party bridges
 * (LockBridge), and every operation done synchronously on the calling thread under the locks it needs, in one global
 * order: bridges (by id) before channels (by id). Nothing is handed to another thread, so there is no executor, no
 * message and no wake-up; the price is lock traffic and that every caller runs channel and driver code itself.
 *
 * It does what the benchmarks need and what a careful engineer would write for that: no events, snapshots, call
 * records or admission limits (Strowger does all four on the same workloads, so this peer does less work per call).
 */
public final class LockCore {
    private final ConcurrentHashMap<Long, LockChannel> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LockChannel> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, LockBridge> bridges = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final String prefix;

    public LockCore(String prefix) {
        this.prefix = prefix;
    }

    /** Creates and registers a channel {@code tech/destination-<id hex>}; {@code driver} builds its tech side. */
    public LockChannel create(String tech, String destination, Function<LockChannel, LockTechChannel> driver) {
        long id = ids.incrementAndGet();
        LockChannel c = new LockChannel(id, tech + '/' + destination + '-' + prefix + Long.toHexString(id));
        c.tech = driver.apply(c);
        byId.put(id, c);
        byName.put(c.name, c);
        return c;
    }

    public LockChannel byId(long id) {
        return byId.get(id);
    }

    public LockChannel byName(String name) {
        return byName.get(name);
    }

    public int channelCount() {
        return byId.size();
    }

    public int bridgeCount() {
        return bridges.size();
    }

    /** Places an outbound call through the tech, which may answer from inside. */
    public void call(LockChannel c) {
        c.lock.lock();
        try {
            if (c.state == LockChannel.State.DOWN) {
                c.state = LockChannel.State.RINGING;
                c.tech.call(c);
            }
        } finally {
            c.lock.unlock();
        }
    }

    /** Answers an inbound channel. */
    public void answer(LockChannel c) {
        c.lock.lock();
        try {
            if (c.state != LockChannel.State.HUNG_UP) {
                c.state = LockChannel.State.UP;
            }
        } finally {
            c.lock.unlock();
        }
    }

    public LockBridge createBridge() {
        LockBridge b = new LockBridge(ids.incrementAndGet());
        bridges.put(b.id, b);
        return b;
    }

    /**
     * Hangs {@code c} up. If it is bridged, the bridge dissolves: its lock is taken, then both members' (the bridge is
     * read under the channel's lock and re-checked once the locks are held in order), and the other member leaves,
     * hung up in turn if it joined with hang-up-after. Destroyed channels leave the registry.
     */
    public void hangup(LockChannel c) {
        while (true) {
            LockBridge b;
            c.lock.lock();
            try {
                if (c.state == LockChannel.State.HUNG_UP) {
                    return;
                }
                b = c.bridge;
                if (b == null) {
                    c.state = LockChannel.State.HUNG_UP;
                    c.tech.hangup();
                }
            } finally {
                c.lock.unlock();
            }
            if (b == null) {
                destroy(c);
                return;
            }
            LockChannel hangAfter = null;
            b.lock.lock();
            try {
                LockChannel other = b.other(c);
                LockChannel[] both = other == null ? new LockChannel[] {c} : new LockChannel[] {c, other};
                LockChannel.lockAll(both);
                try {
                    if (c.bridge != b) {
                        continue; // moved meanwhile: start again (the finally blocks unlock)
                    }
                    b.remove(c);
                    c.state = LockChannel.State.HUNG_UP;
                    c.tech.hangup();
                    if (other != null) {
                        other.bridge = null; // remove(c) has already told it it has no peer
                        b.first = null;
                        if (other.hangUpAfter) {
                            hangAfter = other;
                        }
                    }
                    b.dissolved = true;
                } finally {
                    LockChannel.unlockAll(both);
                }
            } finally {
                b.lock.unlock();
            }
            bridges.remove(b.id);
            destroy(c);
            if (hangAfter != null) {
                hangup(hangAfter);
            }
            return;
        }
    }

    private void destroy(LockChannel c) {
        byId.remove(c.id);
        byName.remove(c.name);
        c.lock.lock();
        try {
            c.tech.close();
        } finally {
            c.lock.unlock();
        }
    }

    /** The bridge {@code c} is in, read under its lock. */
    LockBridge bridgeOf(LockChannel c) {
        c.lock.lock();
        try {
            return c.bridge;
        } finally {
            c.lock.unlock();
        }
    }

    void bridgeDissolved(LockBridge b) {
        bridges.remove(b.id);
    }
}
