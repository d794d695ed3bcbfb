package org.strowger.soak;

import org.strowger.api.Channel;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.ComfortNoiseFrame;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.MediaFrame;
import org.strowger.spi.BridgePeer;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.TechChannel;

/**
 * One channel of the {@link SoakTech}: counters instead of a callback log (a soak writes millions of frames). Every
 * callback checks that it runs on the channel's executor and not after {@code close}; {@code hangup} and
 * {@code close} must each run once, in that order. Breaches go to {@link SoakTech#violations()}.
 */
final class SoakChannel implements TechChannel {
    private final SoakTech tech;
    private final ChannelSink sink;
    final String resource;
    final int slice;
    // Written on the channel's executor only; volatile so the test thread reads them.
    private volatile int hangups;
    private volatile int closes;
    private volatile long writes;
    private volatile boolean twoParty;
    /** Frames the pacer handed to the sink and the sink took. Written by the pacer only (one slice task at a time). */
    volatile long injected;
    /** False: the pacer skips this channel (the steady calls are paced only once both ends know their peer). */
    volatile boolean paced = true;

    SoakChannel(SoakTech tech, String resource, ChannelSink sink, int slice) {
        this.tech = tech;
        this.resource = resource;
        this.sink = sink;
        this.slice = slice;
    }

    /** The far end's side. */
    ChannelSink remote() {
        return sink;
    }

    Channel channel() {
        return sink.channel();
    }

    long writes() {
        return writes;
    }

    int hangups() {
        return hangups;
    }

    int closes() {
        return closes;
    }

    /** True between {@code bridged} and {@code unbridged}: frames from this channel's far end reach its peer. */
    boolean twoParty() {
        return twoParty;
    }

    private void check(String callback) {
        if (!sink.inExecutor()) {
            tech.violation(resource + ": " + callback + " ran on " + Thread.currentThread().getName());
        }
        if (closes > 0) {
            tech.violation(resource + ": " + callback + " ran after close");
        }
    }

    @Override
    public void call() {
        check("call");
        sink.answered(); // every soak call is answered at once
    }

    @Override
    public void answer() {
        check("answer");
        sink.answered();
    }

    @Override
    public void hangup(HangupCause cause) {
        check("hangup");
        hangups = hangups + 1;
        if (hangups > 1) {
            tech.violation(resource + ": hangup ran " + hangups + " times");
        }
        tech.hungUp(this);
    }

    @Override
    public void write(MediaFrame frame) {
        check("write");
        writes = writes + 1;
        tech.framesWritten.increment();
    }

    @Override
    public void comfortNoise(ComfortNoiseFrame frame) {
        check("comfortNoise");
    }

    @Override
    public void indicate(ControlFrame control) {
        check("indicate");
    }

    @Override
    public void bridged(BridgePeer peer) {
        check("bridged");
        twoParty = true;
    }

    @Override
    public void unbridged() {
        check("unbridged");
        twoParty = false;
    }

    @Override
    public void close() {
        check("close");
        closes = closes + 1;
        if (hangups != 1 || closes != 1) {
            tech.violation(resource + ": close number " + closes + " after " + hangups + " hang-ups");
        }
        tech.closed(this);
    }

    @Override
    public String toString() {
        return "SoakChannel[" + resource + ", hangups=" + hangups + ", closes=" + closes + ", writes=" + writes + "]";
    }
}
