package org.strowger.bench.lockpeer;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.strowger.api.frame.MediaFrame;

/**
 * The lock peer's benchmark driver, the counterpart of {@code BridgeBenchTech} and {@code SetupBenchTech}: {@code call}
 * answers at once, {@code write} counts the frame (a shared {@link LongAdder} and a per-channel counter).
 */
public final class LockBenchTech {
    public final LongAdder written = new LongAdder();
    public final AtomicInteger bridged = new AtomicInteger();
    public final AtomicInteger closed = new AtomicInteger();

    /** A new driver for {@code channel}; pass as {@code LockCore.create(.., tech::driver)}. */
    public LockTechChannel driver(LockChannel channel) {
        return new Driver(this);
    }

    /** The tech side of one channel. */
    public static final class Driver implements LockTechChannel {
        private final LockBenchTech tech;
        /** Written under the channel's lock. */
        public long writes;
        public boolean inBridge;

        Driver(LockBenchTech tech) {
            this.tech = tech;
        }

        @Override
        public void call(LockChannel channel) {
            channel.answered();
        }

        @Override
        public void write(MediaFrame frame) {
            writes++;
            tech.written.increment();
        }

        @Override
        public void bridged(LockChannel peer) {
            inBridge = true;
            tech.bridged.incrementAndGet();
        }

        @Override
        public void unbridged() {
            inBridge = false;
        }

        @Override
        public void hangup() {
        }

        @Override
        public void close() {
            tech.closed.incrementAndGet();
        }
    }
}
