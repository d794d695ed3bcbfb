package org.strowger.demo;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.DtmfBegin;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.TextFrame;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.InboundCall;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.spi.TechContext;

/**
 * A small but complete {@link ChannelTech}, walked through in {@code docs/spi-guide.md}: the far end of every call is
 * a mirror that sends back every voice frame, DTMF digit and text it receives.
 *
 * <ul>
 *   <li>Outbound {@code Echo/<anything>}: the far end rings and answers {@code answerDelay} after {@code call()};
 *       {@code Echo/busy} answers busy instead.
 *   <li>Inbound: {@link #ring} announces a call the way a network thread would on an incoming INVITE; once the
 *       application answers it, the call echoes too.
 * </ul>
 *
 * The "network" is one daemon thread (a scheduled executor) owned by the tech: started in {@link #start}, stopped in
 * {@link #stop}. Everything it learns about a call goes back through that call's {@link ChannelSink}.
 */
public final class EchoTech implements ChannelTech {
    /** The tech's name, as used in dial strings ({@code Echo/alice}) and channel names. */
    public static final String NAME = "Echo";

    private static final Logger LOG = LoggerFactory.getLogger(EchoTech.class);

    private final Duration answerDelay;
    // Tech-wide state is shared by every channel's executor and by the network thread: it must be thread-safe.
    private final AtomicInteger openChannels = new AtomicInteger();
    private volatile TechContext context;
    private volatile ScheduledExecutorService network;

    /** A mirror that answers 40 ms after {@code call()}. */
    public EchoTech() {
        this(Duration.ofMillis(40));
    }

    public EchoTech(Duration answerDelay) {
        this.answerDelay = answerDelay;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Runs on the registering thread, before anything else: keep the context, start the network. */
    @Override
    public void start(TechContext ctx) {
        this.context = ctx;
        this.network = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "echo-network");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs on the new channel's executor. Keep the sink: it is the only way back into the channel. */
    @Override
    public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
        return new EchoChannel(sink, setup.resource());
    }

    /**
     * A call arrives from the network. Call it from any thread (here: the caller's; in a real tech: an I/O thread).
     *
     * @return false if the core refused the call (a limit, tech being unregistered, core shutting down); a real tech
     *     would answer the network with the refusal's cause, e.g. SIP 486 for a busy endpoint or 503 for congestion
     */
    public boolean ring(String from, String to) {
        TechContext ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("tech " + NAME + " is not registered");
        }
        try {
            ctx.announceInbound(InboundCall.of(from, to), sink -> new EchoChannel(sink, from));
            return true;
        } catch (CommandRejectedException e) {
            // a real tech refuses the call on the network with this cause: SIP 486 for USER_BUSY, 503 for congestion
            LOG.info("refused an inbound call: {} ({}), cause {}", e.reason(), e.getMessage(), e.hangupCause());
            return false;
        }
    }

    /** Channels whose tech side exists and has not been closed yet. */
    public int openChannels() {
        return openChannels.get();
    }

    /** Runs once every channel of this tech is destroyed; nothing of the tech is called afterwards. */
    @Override
    public void stop() {
        network.shutdownNow();
    }

    /** The tech's side of one call. */
    private final class EchoChannel implements TechChannel {
        private final ChannelSink sink;
        private final String resource;
        // Per-channel state: touched only on this channel's executor, so plain fields and no locks.
        private boolean farEndUp;
        private Future<?> pending;

        EchoChannel(ChannelSink sink, String resource) {
            this.sink = sink;
            this.resource = resource;
            openChannels.incrementAndGet();
        }

        @Override
        public void call() {
            // Never block here: hand the slow part to the network thread.
            pending = network.schedule(this::farEndResponds, answerDelay.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** Runs on the network thread: use only the sink and final fields here, never the per-channel state. */
        private void farEndResponds() {
            if (resource.equals("busy")) {
                sink.busy();
                return;
            }
            sink.ringing();
            sink.execute(() -> farEndUp = true); // per-channel state goes through the channel's executor
            sink.answered();                     // queued after the task above: farEndUp is set once the state is UP
        }

        @Override
        public void answer() {
            farEndUp = true; // inbound: the application answered, the caller hears us now
            sink.answered(); // confirm it: a network tech would do this once its 200 OK is sent
        }

        @Override
        public void write(MediaFrame frame) {
            if (farEndUp) {
                sink.receive(frame); // an upcall from inside a callback is queued, never run inline
            }
        }

        @Override
        public void dtmfBegin(char digit) {
            if (farEndUp) {
                sink.receive(new DtmfBegin(digit));
            }
        }

        @Override
        public void dtmfEnd(char digit, Duration duration) {
            if (farEndUp) {
                sink.receive(new DtmfEnd(digit, duration));
            }
        }

        @Override
        public void sendText(String text) {
            if (farEndUp) {
                sink.receive(new TextFrame(text));
            }
        }

        @Override
        public void hangup(HangupCause cause) {
            // Exactly once. A real tech sends BYE/CANCEL with cause.q850() unless the far end hung up itself.
            if (pending != null) {
                pending.cancel(false);
            }
            farEndUp = false;
        }

        @Override
        public void close() {
            // Exactly once, last: release sockets, ports, codecs.
            openChannels.decrementAndGet();
        }
    }
}
