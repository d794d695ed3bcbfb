package org.strowger.core.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.InvalidArgumentException;
import org.strowger.core.admission.Admission;
import org.strowger.core.exec.CommandFuture;
import org.strowger.core.log.LogText;
import org.strowger.core.media.playout.VoiceJitterBuffer;
import org.strowger.core.runtime.CoreRuntime;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.InboundCall;
import org.strowger.spi.TechChannel;
import org.strowger.spi.TechContext;
import org.strowger.spi.TechExecutor;

/*
 * A registered tech: its live-channel count and its phase, ACTIVE -> DRAINING -> STOPPED (or ACTIVE -> STOPPED at
 * shutdown), and the gate of its executors (TechExecutors). Creating a channel increments the count first and then
 * reads the phase; unregistering sets DRAINING first and then reads the count. Whichever runs second sees the other,
 * so either the creation backs out or the drain waits for that channel. The transition to STOPPED is one CAS, so it
 * happens once, after the last channel is destroyed; then the tech's executors are closed (what they hold runs, then
 * nothing), and only once they are idle is stop() called: no callback or task of the tech can run after it. New
 * executors are refused from DRAINING on; one made just before keeps working until that close.
 */
public final class TechRegistration implements TechContext, Admission.TechSlot {
    private static final int ACTIVE = 0;
    private static final int DRAINING = 1;
    private static final int STOPPED = 2;
    private static final VarHandle PHASE;

    static {
        try {
            PHASE = MethodHandles.lookup().findVarHandle(TechRegistration.class, "phase", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public final ChannelTech tech;
    public final String name;
    private final ChannelHome home;
    private final AtomicInteger live = new AtomicInteger();
    private final TechExecutors executors = new TechExecutors();
    private volatile int phase = ACTIVE;
    /** Completes once the tech has been stopped. */
    public final CommandFuture<Void> stopped = new CommandFuture<>();

    public TechRegistration(ChannelHome home, ChannelTech tech, String name) {
        this.home = home;
        this.tech = tech;
        this.name = name;
    }

    public static String checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 32) {
            throw new InvalidArgumentException("tech name length must be 1..32");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) {
                throw new InvalidArgumentException("tech name holds an invalid character at index " + i);
            }
        }
        return name;
    }

    @Override
    public boolean acquire() {
        live.incrementAndGet();
        if (phase != ACTIVE) {
            release();
            return false;
        }
        return true;
    }

    /** A channel of this tech was destroyed (or its creation backed out). */
    public void release() {
        if (live.decrementAndGet() == 0 && phase == DRAINING) {
            finishDrain();
        }
    }

    public boolean isActive() {
        return phase == ACTIVE;
    }

    public int liveChannels() {
        return live.get();
    }

    /** Starts unregistering; false if it had already started. */
    public boolean beginDrain() {
        if (!PHASE.compareAndSet(this, ACTIVE, DRAINING)) {
            return false;
        }
        if (live.get() == 0) {
            finishDrain();
        }
        return true;
    }

    private void finishDrain() {
        if (PHASE.compareAndSet(this, DRAINING, STOPPED)) {
            executors.close(() -> home.techDrained(this));
        }
    }

    /**
     * Stops an active tech at shutdown, once its channels are gone; false if it was already stopping. On true the
     * caller closes its executors ({@link #closeExecutors}) and then stops it.
     */
    public boolean stopAtShutdown() {
        return PHASE.compareAndSet(this, ACTIVE, STOPPED);
    }

    /**
     * Closes the tech's executors after {@link #stopAtShutdown}: what they hold still runs, nothing more is taken, and
     * {@code then} runs once they are idle (on the thread that ran the last task, or on this one). Any thread.
     */
    public void closeExecutors(Runnable then) {
        executors.close(then);
    }

    @Override
    public ChannelSink announceInbound(InboundCall call, Function<ChannelSink, TechChannel> factory) {
        return home.announceInbound(this, call, factory);
    }

    @Override
    public org.strowger.api.media.JitterBuffer newJitterBuffer(org.strowger.api.media.JitterBufferOptions options) {
        CoreRuntime rt = home.runtime();
        return new VoiceJitterBuffer(options, rt.codecs(), rt.scheduler()::nanoTime);
    }

    @Override
    public long nanoTime() {
        return home.runtime().scheduler().nanoTime();
    }

    @Override
    public TechExecutor newExecutor(String label) {
        if (label == null || label.isEmpty()) {
            throw new InvalidArgumentException("executor label must not be null or empty");
        }
        if (phase != ACTIVE) {
            throw new CommandRejectedException(CommandRejectedException.Reason.UNKNOWN_TECH,
                    "tech " + name + " is being unregistered or stopped; it gets no new executor");
        }
        return new TechExecutorImpl(home.runtime(), executors, "tech " + name + " " + LogText.escape(label));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "Tech[" + name + "]";
    }
}
