package org.strowger.testkit.tck;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.strowger.api.ChannelId;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.ComfortNoiseFrame;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.MediaFrame;
import org.strowger.spi.BridgePeer;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.InboundCall;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.spi.TechContext;
import org.strowger.api.media.JitterBuffer;
import org.strowger.api.media.JitterBufferOptions;
import org.strowger.spi.TechExecutor;
import org.strowger.testkit.CallbackLog;

/**
 * Wraps any {@link ChannelTech} and records every callback of every channel in a {@link CallbackLog}, so the TCK can
 * check the SPI contract without knowing the tech. Also records {@code stop}, and notes as violations: a callback
 * of the tech that throws, a {@code name()} that changes, a callback after {@code stop}, two callbacks of one channel
 * running at once, and {@code stop} running on a channel's executor or before every channel was closed.
 * {@link #inject} makes one callback misbehave (throw, overrun), before the tech's own code runs, to test how the
 * core contains it.
 *
 * <p>The tech gets, in place of what the core gave it, a context, sinks and executors that pass every call on and
 * note the calls it makes after its {@code stop()} returned ({@link #afterStopViolations()}): any {@link ChannelSink}
 * method, {@link TechContext#announceInbound}, {@link TechContext#newExecutor}, {@link TechExecutor#execute} and
 * {@link TechExecutor#schedule}. The core ignores or refuses such calls, so only the recorder can see them.
 */
public final class RecordingTech implements ChannelTech {
    /**
     * One channel as seen through the recorder.
     *
     * @param inbound whether the tech announced it (its first callback is the inbound factory, logged as
     *     {@code newChannel} with the {@link InboundCall}) rather than the core requesting it
     */
    public record Recorded(ChannelId id, ChannelSink sink, CallbackLog log, boolean inbound) {
    }

    private record Injection(String callback, Runnable action) {
    }

    private final ChannelTech delegate;
    private final Queue<Recorded> channels = new ConcurrentLinkedQueue<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger stops = new AtomicInteger();
    private final java.util.Map<ChannelId, Injection> injections = new java.util.concurrent.ConcurrentHashMap<>();
    private final AfterStopGuard afterStop = new AfterStopGuard();
    private volatile Runnable onStopped = () -> { };
    private volatile TechContext context;
    private volatile Thread startThread;
    private volatile String firstName;

    public RecordingTech(ChannelTech delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        String name = delegate.name();
        String first = firstName;
        if (first == null) {
            firstName = name;
        } else if (!first.equals(name)) {
            violations.add("name() returned '" + name + "' after '" + first + "': it must never change");
        }
        return name;
    }

    @Override
    public void start(TechContext ctx) {
        startThread = Thread.currentThread();
        TechContext recording = new TechContext() {
            @Override
            public ChannelSink announceInbound(InboundCall call, Function<ChannelSink, TechChannel> factory) {
                // a null factory goes through as null, for the core to refuse
                return ctx.announceInbound(call, factory == null ? null : sink -> wrap(sink, call, factory.apply(sink)));
            }

            @Override
            public long nanoTime() {
                return ctx.nanoTime();
            }

            @Override
            public TechExecutor newExecutor(String label) {
                return ctx.newExecutor(label);
            }

            @Override
            public JitterBuffer newJitterBuffer(JitterBufferOptions options) {
                return ctx.newJitterBuffer(options);
            }
        };
        this.context = recording;
        delegate.start(new TechContext() { // the tech's own: notes what it does after stop
            @Override
            public ChannelSink announceInbound(InboundCall call, Function<ChannelSink, TechChannel> factory) {
                afterStop.check("TechContext.announceInbound()");
                return afterStop.sink(recording.announceInbound(call,
                        factory == null ? null : sink -> factory.apply(afterStop.sink(sink))));
            }

            @Override
            public long nanoTime() {
                return ctx.nanoTime();
            }

            @Override
            public TechExecutor newExecutor(String label) {
                afterStop.check("TechContext.newExecutor()");
                return afterStop.executor(ctx.newExecutor(label), label);
            }

            @Override
            public JitterBuffer newJitterBuffer(JitterBufferOptions options) {
                return ctx.newJitterBuffer(options);
            }
        });
    }

    @Override
    public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
        return wrap(sink, setup, delegate.newChannel(setup, afterStop.sink(sink)));
    }

    @Override
    public void stop() {
        for (Recorded r : channels) {
            if (r.log().count("close") != 1) {
                violations.add("stop ran before " + r.id() + " was closed");
            }
            if (r.sink().inExecutor()) {
                violations.add("stop ran on the executor of " + r.id());
            }
        }
        stops.incrementAndGet();
        try {
            delegate.stop();
        } finally {
            afterStop.stopped();
            onStopped.run();
        }
    }

    /**
     * What the tech called after its {@code stop()} returned (on any thread), each with the thread and how long
     * after; empty for a tech that does no work once stopped.
     */
    public List<String> afterStopViolations() {
        return afterStop.violations();
    }

    /** True once the tech's {@code stop()} has returned. */
    public boolean stopReturned() {
        return afterStop.isStopped();
    }

    /** Runs {@code action} each time the tech's {@code stop()} returns (the TCK marks the time). */
    void onStopped(Runnable action) {
        onStopped = action;
    }

    /** The thread {@code start} ran on, or null before it ran. */
    public Thread startThread() {
        return startThread;
    }

    /**
     * The context the core gave the tech, with the recorder in front (for TCK drivers that announce inbound calls
     * through the recorder). Calls through it are the test's, not the tech's: they are not checked against
     * {@code stop}.
     */
    public TechContext context() {
        return context;
    }

    public List<Recorded> channels() {
        return List.copyOf(channels);
    }

    /** The recorded channel with this id. */
    public java.util.Optional<Recorded> recorded(ChannelId id) {
        return channels.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /**
     * The next time callback {@code callback} (a {@link org.strowger.testkit.Callback} name other than
     * {@code newChannel}) runs for {@code channel}, the recorder logs it, then runs {@code action} on the channel's
     * executor in its place; the tech's own callback runs only if {@code action} returns normally. One shot.
     */
    public void inject(ChannelId channel, String callback, Runnable action) {
        injections.put(channel, new Injection(callback, action));
    }

    public int stops() {
        return stops.get();
    }

    /**
     * Every breach of the SPI contract seen so far: callbacks off the owner executor, overlapping, after
     * {@code close} or {@code stop}, twice where once is the rule, and, for each closed channel, the SPI's order rules
     * (listed in {@link ChannelTechTck}).
     */
    public List<String> violations() {
        List<String> out = new java.util.ArrayList<>(violations);
        for (Recorded r : channels) {
            r.log().violations().forEach(v -> out.add(r.id() + ": " + v));
            if (r.log().count("close") > 0) {
                CallbackOrder.violations(r).forEach(v -> out.add(r.id() + ": " + v));
            }
        }
        return out;
    }

    private TechChannel wrap(ChannelSink sink, Object setup, TechChannel inner) {
        if (inner == null) {
            return null;
        }
        CallbackLog log = new CallbackLog();
        channels.add(new Recorded(sink.channel().id(), sink, log, setup instanceof InboundCall));
        Recorder rec = new Recorder(sink, log, inner);
        rec.run("newChannel", setup, () -> {
        });
        return rec;
    }

    private final class Recorder implements TechChannel {
        private final ChannelSink sink;
        private final CallbackLog log;
        private final TechChannel inner;
        private final AtomicInteger running = new AtomicInteger();

        Recorder(ChannelSink sink, CallbackLog log, TechChannel inner) {
            this.sink = sink;
            this.log = log;
            this.inner = inner;
        }

        void run(String name, Object arg, Runnable callback) {
            ChannelId id = sink.channel().id();
            if (stops.get() > 0) {
                violations.add(name + " of " + id + " ran after stop");
            }
            if (running.getAndIncrement() != 0) {
                violations.add(name + " of " + id + " ran while another callback of the channel was running");
            }
            try {
                log.record(name, arg, sink.inExecutor());
                Injection injected = injections.get(id);
                if (injected != null && injected.callback().equals(name) && injections.remove(id, injected)) {
                    injected.action().run();
                }
                try {
                    callback.run();
                } catch (RuntimeException | Error e) {
                    violations.add(name + " of " + id + " threw " + e + " (throwing is a fault: TECH_FAULT)");
                    throw e;
                }
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public void call() {
            run("call", null, inner::call);
        }

        @Override
        public void answer() {
            run("answer", null, inner::answer);
        }

        @Override
        public void hangup(HangupCause cause) {
            run("hangup", cause, () -> inner.hangup(cause));
        }

        @Override
        public void write(MediaFrame frame) {
            run("write", frame, () -> inner.write(frame));
        }

        @Override
        public void comfortNoise(ComfortNoiseFrame frame) {
            run("comfortNoise", frame, () -> inner.comfortNoise(frame));
        }

        @Override
        public void indicate(ControlFrame control) {
            run("indicate", control, () -> inner.indicate(control));
        }

        @Override
        public void dtmfBegin(char digit) {
            run("dtmfBegin", digit, () -> inner.dtmfBegin(digit));
        }

        @Override
        public void dtmfEnd(char digit, Duration duration) {
            run("dtmfEnd", digit, () -> inner.dtmfEnd(digit, duration));
        }

        @Override
        public void sendText(String text) {
            run("sendText", text, () -> inner.sendText(text));
        }

        @Override
        public void bridged(BridgePeer peer) {
            run("bridged", peer, () -> inner.bridged(peer));
        }

        @Override
        public void unbridged() {
            run("unbridged", null, inner::unbridged);
        }

        @Override
        public void close() {
            run("close", null, inner::close);
        }
    }
}
