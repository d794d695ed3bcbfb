package org.strowger.bench;

import java.util.concurrent.atomic.AtomicInteger;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.MediaFrame;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;

/**
 * A minimal tech for footprint measurements: {@code newChannel} returns a fresh tech channel with no fields (one
 * 16-byte object per channel, like the smallest real tech would allocate) and keeps neither the setup nor the sink.
 */
public final class IdleTech implements ChannelTech {
    public static final String NAME = "Idle";

    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger written = new AtomicInteger();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
        created.incrementAndGet();
        return new IdleChannel(this);
    }

    /** How many tech channels newChannel has created (i.e. how many channels ran their first task). */
    public int created() {
        return created.get();
    }

    /** How many media frames the tech was asked to send (all channels). */
    public int written() {
        return written.get();
    }

    /** How many tech channels were closed. */
    public int closed() {
        return closed.get();
    }

    /** Keeps no per-channel state of its own; the reference back to the tech is the one field. */
    private record IdleChannel(IdleTech tech) implements TechChannel {
        @Override
        public void answer() { // idle channels are outbound and never answered
        }

        @Override
        public void hangup(HangupCause cause) {
        }

        @Override
        public void write(MediaFrame frame) {
            tech.written.incrementAndGet();
        }

        @Override
        public void close() {
            tech.closed.incrementAndGet();
        }
    }
}
