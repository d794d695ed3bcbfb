package org.strowger.core.bridge;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.strowger.api.Application;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.core.WorkerPool;
import org.strowger.core.channel.MemberSide;
import org.strowger.core.channel.Membership;
import org.strowger.core.exec.CommandFuture;

/*
 * A swap: member `out` of a bridge is replaced by `in` in one bridge task. `out` is locked first, on its executor, so
 * a concurrent transfer, pickup, move or Local optimisation of it is refused instead of racing; holding the lock, it
 * marks the swap's kind on the bridge and reserves `in`, which then goes through the membership protocol with `out`
 * as the member it replaces. If anything fails after the lock, `out` is unlocked and the mark forgotten. The lock is
 * a command on `out`'s executor, so a swap issued after another command of `out` from the same thread runs after it.
 */
public final class Swap {
    private Swap() {
    }

    /**
     * Starts a swap.
     *
     * @param bridge the bridge {@code out} must be a member of, or null for whichever it is in (a transfer)
     * @param inOptions {@code in}'s options, or null to keep those it has
     * @param inFrom the bridge {@code in} must still be a member of, or null for anywhere or nowhere
     * @param notBridged with {@code bridge} null: what to do instead if {@code out} is in no bridge (given its
     *     application, or null, and the swap's stage to complete), on its executor; null to fail with WRONG_STATE
     * @param operation what asks, for error messages ("swap", "blind transfer", "pickup")
     * @return completes when {@code in} has replaced {@code out}, on the caller's executor
     */
    public static CompletionStage<Void> start(MemberSide out, MemberSide in, BridgeImpl bridge, JoinOptions inOptions,
            SwapKind kind, BridgeImpl inFrom, BiConsumer<Application, CommandFuture<Void>> notBridged,
            String operation, WorkerPool pool) {
        if (out == in) {
            throw new InvalidArgumentException("cannot swap a channel with itself");
        }
        CommandFuture<Void> f = CommandFuture.forCaller(pool);
        CommandFuture<Void> swapped = new CommandFuture<>();
        AtomicReference<BridgeImpl> locked = new AtomicReference<>(); // set only by the swap that took the lock
        swapped.whenComplete((v, t) -> {
            if (t == null) {
                f.succeed(null);
                return;
            }
            BridgeImpl b = locked.get();
            if (b != null) {
                out.post(new Membership.Unlock(b));
                if (kind != SwapKind.PLAIN) {
                    b.postForgetSwap(out);
                }
            }
            f.fail(t);
        });
        out.post(new Membership.LockForSwap(bridge, kind == SwapKind.PICKUP, lockedIn -> {
            BridgeImpl b = (BridgeImpl) lockedIn; // every bridge side of a core is one of its bridges
            locked.set(b);
            if (kind != SwapKind.PLAIN) {
                b.postMarkSwap(out, kind);
            }
            in.post(new Membership.Reserve(b, inFrom == null ? Membership.Expect.ANYWHERE
                    : Membership.Expect.MEMBER_OF_FROM, inFrom, out, inOptions, null, operation, swapped));
        }, notBridged == null ? null : app -> notBridged.accept(app, swapped), operation, swapped));
        return f;
    }
}
