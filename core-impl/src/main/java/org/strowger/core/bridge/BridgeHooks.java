package org.strowger.core.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.Cancellable;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.DtmfHook;
import org.strowger.api.IntervalHook;
import org.strowger.core.channel.MemberSide;
import org.strowger.core.exec.Contained;
import org.strowger.core.exec.OwnedTimer;
import org.strowger.core.log.LogText;

/*
 * A bridge's hooks, on its executor: DTMF feature codes (the members match their own digits, FeatureCodes, and the
 * bridge runs the hook when one reports a match) and interval hooks (each an OwnedTimer that re-arms after every
 * run). A hook that throws is logged, counted as a callback fault, and removed, as any user callback that throws is
 * taken out of what it broke; the bridge and its calls carry on. Cancelling a handle is a message to the executor,
 * so a run already queued there may still happen.
 */
final class BridgeHooks {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeHooks.class);

    private final BridgeImpl bridge;
    private Map<String, DtmfHook> dtmf = Map.of(); // immutable
    private final List<OwnedTimer> intervals = new ArrayList<>();

    BridgeHooks(BridgeImpl bridge) {
        this.bridge = bridge;
    }

    /** The registered feature codes. */
    Set<String> sequences() {
        return dtmf.keySet();
    }

    /** Registers a feature code; throws CONFLICT if it could not be told apart from one registered. Executor only. */
    Cancellable addDtmf(String sequence, DtmfHook hook) {
        for (String existing : dtmf.keySet()) {
            if (existing.startsWith(sequence) || sequence.startsWith(existing)) {
                throw new CommandRejectedException(CommandRejectedException.Reason.CONFLICT, "DTMF sequence "
                        + sequence + " conflicts with " + existing + " on bridge " + bridge.id()
                        + ": one is a prefix of the other");
            }
        }
        Map<String, DtmfHook> next = new HashMap<>(dtmf);
        next.put(sequence, hook);
        setDtmf(next);
        return handle(() -> removeDtmf(sequence, hook));
    }

    private void removeDtmf(String sequence, DtmfHook hook) {
        if (dtmf.get(sequence) == hook) {
            Map<String, DtmfHook> less = new HashMap<>(dtmf);
            less.remove(sequence);
            setDtmf(less);
        }
    }

    private void setDtmf(Map<String, DtmfHook> hooks) {
        dtmf = Map.copyOf(hooks);
        bridge.sendFeatureCodes();
    }

    /** A member keyed a registered sequence (if still a member and still registered). Executor only. */
    void keyed(MemberSide member, String sequence) {
        DtmfHook hook = dtmf.get(sequence);
        if (hook == null || !bridge.isMember(member)) {
            return;
        }
        Throwable t = Contained.run(() -> hook.onSequence(bridge, member.handle(), sequence));
        if (t != null) {
            threw("DTMF hook for " + sequence, t);
            removeDtmf(sequence, hook);
        }
    }

    /** Runs {@code hook} every {@code interval} from now until cancelled or the bridge ends. Executor only. */
    Cancellable addInterval(Duration interval, IntervalHook hook) {
        OwnedTimer timer = new OwnedTimer(bridge.executor, bridge.rt.scheduler());
        intervals.add(timer);
        Runnable[] run = new Runnable[1];
        run[0] = () -> {
            Throwable t = Contained.run(() -> hook.onInterval(bridge));
            if (t != null) {
                threw("interval hook", t);
                intervals.remove(timer);
            } else if (!bridge.isDestroyed() && intervals.contains(timer)) {
                timer.arm(interval.toNanos(), run[0]);
            }
        };
        timer.arm(interval.toNanos(), run[0]);
        return handle(() -> {
            timer.cancel();
            intervals.remove(timer);
        });
    }

    /** The bridge ended: interval hooks stop. Executor only. */
    void destroyed() {
        intervals.forEach(OwnedTimer::cancel);
        intervals.clear();
    }

    /** A handle whose first cancel() removes, on the executor. */
    private Cancellable handle(Runnable remove) {
        AtomicBoolean live = new AtomicBoolean(true);
        return () -> {
            if (!live.compareAndSet(true, false)) {
                return false;
            }
            bridge.executor.execute(remove);
            return true;
        };
    }

    private void threw(String what, Throwable t) {
        LOG.warn("bridge {}: {} threw {}; it is removed and the calls go on", bridge.id(), what,
                LogText.escape(String.valueOf(t)));
        bridge.rt.faults().increment();
    }
}
