package org.strowger.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.StrowgerException;
import org.strowger.core.channel.ChannelImpl;
import org.strowger.core.channel.TechRegistration;
import org.strowger.core.exec.CommandFuture;
import org.strowger.core.log.LogText;
import org.strowger.spi.ChannelTech;

/*
 * The registered techs of one core, by name, and their register / unregister / drain. A registration's phase and
 * live-channel count (TechRegistration) decide the race between creating a channel and unregistering its tech; when
 * a draining tech's last channel is gone, or at shutdown once every channel is, its executors are closed and drained,
 * and once they are idle its stop() runs once, on a pool thread outside every executor; no callback or task of it
 * runs after that. Nothing waits for the drain: its last task (or the closing call, if nothing was queued) hands the
 * stop to the pool.
 */
final class TechRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(TechRegistry.class);

    private final CoreImpl core;
    private final ConcurrentHashMap<String, TechRegistration> techs = new ConcurrentHashMap<>();

    TechRegistry(CoreImpl core) {
        this.core = core;
    }

    TechRegistration get(String name) {
        return techs.get(name);
    }

    void register(ChannelTech tech) {
        if (tech == null) {
            throw new InvalidArgumentException("tech must not be null");
        }
        if (!core.shutdown.isRunning()) {
            throw new CommandRejectedException(CommandRejectedException.Reason.SHUTTING_DOWN, "the core is shutting down");
        }
        String name = TechRegistration.checkName(tech.name());
        TechRegistration reg = new TechRegistration(core, tech, name);
        if (techs.putIfAbsent(name, reg) != null) {
            throw new InvalidArgumentException("a tech named '" + name + "' is already registered");
        }
        try {
            tech.start(reg);
        } catch (RuntimeException e) {
            techs.remove(name, reg);
            throw new StrowgerException("tech '" + name + "' failed to start; it is not registered", e);
        }
        LOG.info("registered tech {}", name);
    }

    List<String> registerServiceLoaderTechs() {
        List<String> names = new ArrayList<>();
        for (ChannelTech t : ServiceLoader.load(ChannelTech.class)) {
            register(t);
            names.add(t.name());
        }
        return names;
    }

    List<String> names() {
        return List.copyOf(techs.keySet());
    }

    CompletionStage<Void> unregister(String techName) {
        if (techName == null) {
            throw new InvalidArgumentException("tech name must not be null");
        }
        TechRegistration reg = techs.get(techName);
        if (reg == null) {
            throw new InvalidArgumentException("no tech named '" + LogText.escape(techName) + "' is registered");
        }
        if (reg.beginDrain()) {
            LOG.info("unregistering tech {} with {} live channels", techName, reg.liveChannels());
            for (ChannelImpl c : core.liveChannels()) {
                if (c.tech() == reg) {
                    c.postHangup(HangupCause.TECH_UNREGISTERED);
                }
            }
        }
        CommandFuture<Void> f = CommandFuture.forCaller(core.runtime().pool());
        reg.stopped.whenComplete((v, t) -> f.succeed(null));
        return f;
    }

    /** The tech's last channel is gone after its unregister began and its executors are idle: stop it, off them. */
    void drained(TechRegistration reg) {
        core.runOffExecutors(() -> {
            stop(reg);
            techs.remove(reg.name, reg);
            reg.stopped.complete(null);
        });
    }

    /**
     * Shutdown, every channel gone: closes the executors of every tech still active and, once each tech's are idle,
     * stops it off the executors; {@code then} runs when every tech is stopped, including one whose unregister was
     * under way. Off the executors; {@code then} runs here or on a pool thread outside every executor.
     */
    void stopAll(Runnable then) {
        AtomicInteger left = new AtomicInteger(1);
        Runnable oneDone = () -> {
            if (left.decrementAndGet() == 0) {
                then.run();
            }
        };
        for (TechRegistration reg : techs.values()) {
            if (reg.stopAtShutdown()) {
                left.incrementAndGet();
                reg.closeExecutors(() -> core.runOffExecutors(() -> {
                    stop(reg);
                    reg.stopped.complete(null);
                    oneDone.run();
                }));
            } else if (!reg.stopped.isDone()) {
                left.incrementAndGet(); // being unregistered: its own drain stops it (off the executors)
                reg.stopped.whenComplete((v, t) -> oneDone.run());
            }
        }
        oneDone.run();
    }

    private static void stop(TechRegistration reg) {
        try {
            reg.tech.stop();
        } catch (RuntimeException e) {
            LOG.warn("tech {}: stop threw {}", reg.name, LogText.escape(e.toString()));
        }
        LOG.info("tech {} stopped", reg.name);
    }
}
