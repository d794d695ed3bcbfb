package org.strowger.core.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.HangupCause;
import org.strowger.core.bridge.BridgeImpl;
import org.strowger.core.channel.ChannelImpl;
import org.strowger.core.event.EventSubscription;
import org.strowger.core.exec.CommandFuture;
import org.strowger.core.exec.DeadlineDrain;

/*
 * The core's run state, RUNNING -> SHUTTING_DOWN -> STOPPED, and the orderly shutdown. Beginning it refuses new
 * channels, bridges and techs, destroys every bridge and hangs every channel up with SYSTEM_SHUTDOWN; creation
 * re-reads the run state after registering, and shutdown iterates the registry after changing it, so every channel is
 * caught by one side or the other. When the last reserved slot and the last bridge are released (each release asks
 * maybeFinish), the state becomes STOPPED once, and off every executor: the executors of the techs still active are
 * drained and closed, then those techs are stopped (TechRegistry.stopAll, which also waits for a tech whose
 * unregister is under way); the event subscriptions deliver what they have queued, at most SUBSCRIPTION_DRAIN_NANOS
 * for a stuck one; the call records are drained in full, then their sinks with a deadline of their own; then the
 * watchdog, the scheduler and the pool the core owns stop, and the stage completes.
 */
final class CoreShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(CoreShutdown.class);
    private static final int RUNNING = 0;
    private static final int SHUTTING_DOWN = 1;
    private static final int STOPPED = 2;
    private static final long SUBSCRIPTION_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CoreShutdown.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CoreImpl core;
    private final CommandFuture<Void> terminated = new CommandFuture<>();
    private volatile int state = RUNNING;

    CoreShutdown(CoreImpl core) {
        this.core = core;
    }

    boolean isRunning() {
        return state == RUNNING;
    }

    boolean isStopped() {
        return state == STOPPED;
    }

    CompletionStage<Void> begin() {
        if (STATE.compareAndSet(this, RUNNING, SHUTTING_DOWN)) {
            LOG.info("shutting down with {} live channels and {} bridges", core.channelCount(), core.bridgeCount());
            for (BridgeImpl b : core.liveBridges()) {
                b.destroy();
            }
            for (ChannelImpl c : core.liveChannels()) {
                c.postHangup(HangupCause.SYSTEM_SHUTDOWN);
            }
            maybeFinish();
        }
        CommandFuture<Void> f = CommandFuture.forCaller(core.runtime().pool());
        terminated.whenComplete((v, t) -> f.succeed(null));
        return f;
    }

    /** A slot or a bridge was released: finishes a shutdown in progress if nothing is left. Any thread. */
    void maybeFinish() {
        if (state != SHUTTING_DOWN || core.reservedSlots() != 0 || core.liveBridgeCount() != 0
                || !STATE.compareAndSet(this, SHUTTING_DOWN, STOPPED)) {
            return;
        }
        core.runOffExecutors(() -> core.techs.stopAll(() -> {
            EventSubscription[] subscriptions = core.runtime().events().stop();
            List<EventSubscription> drained = new ArrayList<>();
            for (EventSubscription s : subscriptions) {
                if (core.callRecords == null || !core.callRecords.isEngine(s)) {
                    drained.add(s); // the engine's never blocks and is drained in full, with no deadline
                }
            }
            DeadlineDrain.drain(drained, core.runtime().scheduler(), SUBSCRIPTION_DRAIN_NANOS,
                    late -> LOG.warn("shutdown: {} event subscription(s) did not drain within {} s; closing them", late,
                            TimeUnit.NANOSECONDS.toSeconds(SUBSCRIPTION_DRAIN_NANOS)),
                    () -> {
                        if (core.callRecords == null) {
                            core.runOffExecutors(this::stopped);
                        } else {
                            core.callRecords.drainThenClose(() -> core.runOffExecutors(this::stopped));
                        }
                    });
        }));
    }

    private void stopped() {
        core.stopWatchdog();
        terminated.complete(null);
        core.releaseOwnedThreads();
        LOG.info("shut down");
    }
}
