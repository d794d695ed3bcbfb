package org.strowger.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.strowger.api.HangupCause;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.InboundCall;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.spi.TechContext;

/**
 * The tech of the call-setup benchmark, a FakeTech reduced to what a setup needs: {@code call()} answers at once (the
 * far end's 200 OK, queued from inside the callback), {@link #ring} announces an inbound call as a network thread
 * would, and each {@code close()} counts down the current batch, which completes when its last channel of this tech
 * is closed.
 */
public final class SetupBenchTech implements ChannelTech {
    public static final String NAME = "Setup";
    private static final InboundCall CALL = InboundCall.of("caller", "100");

    private volatile TechContext context;
    private volatile Batch batch;

    /** Channels of this tech to see closed before a batch is done. */
    public static final class Batch {
        private final AtomicLong remaining;
        public final CompletableFuture<Void> done = new CompletableFuture<>();

        public Batch(long channels) {
            this.remaining = new AtomicLong(channels);
        }

        void closed() {
            if (remaining.decrementAndGet() == 0) {
                done.complete(null);
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(TechContext ctx) {
        this.context = ctx;
    }

    /** Starts counting closes for {@code next}. */
    public void begin(Batch next) {
        this.batch = next;
    }

    /** Announces one inbound call from {@code Setup/caller}; the core's inbound handler takes it from there. */
    public void ring() {
        context.announceInbound(CALL, SetupChannel::new);
    }

    @Override
    public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
        return new SetupChannel(sink);
    }

    private final class SetupChannel implements TechChannel {
        @Override
        public void answer() { // confirmed at once: nothing goes to a network
            sink.answered();
        }

        private final ChannelSink sink;

        SetupChannel(ChannelSink sink) {
            this.sink = sink;
        }

        @Override
        public void call() {
            sink.answered();
        }

        @Override
        public void hangup(HangupCause cause) {
        }

        @Override
        public void close() {
            Batch b = batch;
            if (b != null) {
                b.closed();
            }
        }
    }
}
