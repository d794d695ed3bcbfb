package org.strowger.bench.lockpeer;

import java.util.function.Function;

/*
 * An attended transfer in the lock peer. start: the transferer b leaves the bridge it shares with the transferee a
 * (bridge lock, then a and b by id; a stays in that bridge, on hold), a target channel is created and called, and b
 * and the target are joined in a consultation bridge. complete: both bridges are locked (by id), then a, b and the
 * target (by id); the target moves from the consultation bridge to a's bridge, the consultation bridge dissolves,
 * and b is hung up. Everything runs on the calling thread.
 */
public final class LockTransfer {
    private final LockCore core;
    private final LockChannel transferer;
    private final LockChannel target;
    private final LockBridge held;
    private final LockBridge consultation;

    private LockTransfer(LockCore core, LockChannel transferer, LockChannel target, LockBridge held,
            LockBridge consultation) {
        this.core = core;
        this.transferer = transferer;
        this.target = target;
        this.held = held;
        this.consultation = consultation;
    }

    public LockChannel target() {
        return target;
    }

    /** Begins the consultation: returns once b is bridged with the (answered) target. */
    public static LockTransfer start(LockCore core, LockChannel b, String tech, String destination,
            Function<LockChannel, LockTechChannel> driver) {
        LockBridge held;
        while (true) {
            held = core.bridgeOf(b);
            if (held == null) {
                throw new IllegalStateException(b.name + " is not bridged");
            }
            held.lock.lock();
            try {
                LockChannel a = held.other(b);
                LockChannel[] both = a == null ? new LockChannel[] {b} : new LockChannel[] {b, a};
                LockChannel.lockAll(both);
                try {
                    if (b.bridge != held) {
                        continue;
                    }
                    held.remove(b); // a stays in the held bridge, alone
                } finally {
                    LockChannel.unlockAll(both);
                }
            } finally {
                held.lock.unlock();
            }
            break;
        }
        LockChannel target = core.create(tech, destination, driver);
        core.call(target);
        LockBridge consultation = core.createBridge();
        consultation.join(b, false);
        consultation.join(target, true);
        return new LockTransfer(core, b, target, held, consultation);
    }

    /** Completes: the transferee and the target are bridged, the transferer is hung up. */
    public void complete() {
        LockBridge first = held.id < consultation.id ? held : consultation;
        LockBridge second = first == held ? consultation : held;
        first.lock.lock();
        second.lock.lock();
        try {
            LockChannel a = held.first;
            if (held.dissolved || consultation.dissolved || a == null) {
                throw new IllegalStateException("transfer can no longer complete");
            }
            LockChannel[] all = {a, transferer, target};
            LockChannel.lockAll(all);
            try {
                if (target.bridge != consultation) {
                    throw new IllegalStateException("transfer can no longer complete");
                }
                consultation.remove(target); // also unbridges the transferer
                consultation.first = null;
                transferer.bridge = null;
                consultation.dissolved = true;
                held.second = target;
                target.bridge = held;
                target.peer = a;
                a.peer = target;
                target.tech.bridged(a);
                a.tech.bridged(target);
            } finally {
                LockChannel.unlockAll(all);
            }
        } finally {
            second.lock.unlock();
            first.lock.unlock();
        }
        core.bridgeDissolved(consultation);
        core.hangup(transferer);
    }
}
