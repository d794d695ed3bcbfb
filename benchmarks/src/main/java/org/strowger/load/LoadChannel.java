package org.strowger.load;

import java.util.concurrent.TimeUnit;
import org.strowger.api.ChannelId;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFrame;
import org.strowger.spi.BridgePeer;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.TechChannel;

/**
 * One channel of the {@link LoadTech}: its far end follows a {@link FarEndScript} (answer, key digits, hang up) on the
 * network thread, and once the call is up the {@link MediaPacer} feeds its sink 50 frames a second. The SPI callbacks
 * run on the channel's executor; each checks that, and that hangup and close come exactly once.
 */
final class LoadChannel implements TechChannel {
    private final LoadTech tech;
    private final ChannelSink sink;
    private final FarEndScript script;
    private final ChannelId id;
    private final ChannelId linkedId;
    private final int slot;
    // executor-only
    private int hangups;
    private int closes;
    // written on the executor or the network thread, read by both
    private volatile boolean talking;
    private volatile boolean closed;

    LoadChannel(LoadTech tech, ChannelSink sink, FarEndScript script, int slot) {
        this.tech = tech;
        this.sink = sink;
        this.script = script;
        this.id = sink.channel().id();
        this.linkedId = sink.channel().linkedId();
        this.slot = slot;
    }

    ChannelSink sink() {
        return sink;
    }

    ChannelId id() {
        return id;
    }

    ChannelId linkedId() {
        return linkedId;
    }

    int slot() {
        return slot;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void call() {
        onExecutor("call");
        sink.ringing();
        if (script.answerAfterMs() >= 0) {
            tech.network().schedule(() -> {
                if (!closed) {
                    sink.answered();
                    startTalking();
                }
            }, script.answerAfterMs(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void answer() {
        onExecutor("answer");
        sink.answered(); // confirmed at once: the load driver's far end has no network to wait for
        startTalking();
    }

    /** The call is up: media starts, and the far end's digits and hang-up are scheduled. Any thread. */
    private void startTalking() {
        if (talking || closed) {
            return;
        }
        talking = true;
        tech.pacer().add(this);
        if (closed) { // close raced the add
            tech.pacer().remove(this);
        }
        if (!script.digits().isEmpty()) {
            tech.network().schedule(this::keyDigits, script.keyAfterMs(), TimeUnit.MILLISECONDS);
        }
        if (script.hangupAfterMs() >= 0) {
            tech.network().schedule(() -> {
                if (!closed) {
                    sink.hangup(HangupCause.NORMAL_CLEARING);
                }
            }, script.hangupAfterMs(), TimeUnit.MILLISECONDS);
        }
    }

    private void keyDigits() {
        for (int i = 0; i < script.digits().length() && !closed; i++) {
            sink.receive(new DtmfEnd(script.digits().charAt(i), java.time.Duration.ofMillis(80)));
        }
    }

    /** The network hangs up (end of the run). Any thread. */
    void farEndHangup() {
        if (!closed) {
            sink.hangup(HangupCause.NORMAL_CLEARING);
        }
    }

    @Override
    public void write(MediaFrame frame) {
        onExecutor("write");
        tech.written(frame);
    }

    @Override
    public void bridged(BridgePeer peer) {
        onExecutor("bridged");
    }

    @Override
    public void unbridged() {
        onExecutor("unbridged");
    }

    @Override
    public void dtmfBegin(char digit) {
        onExecutor("dtmfBegin");
    }

    @Override
    public void dtmfEnd(char digit, java.time.Duration duration) {
        onExecutor("dtmfEnd");
    }

    @Override
    public void hangup(HangupCause cause) {
        onExecutor("hangup");
        if (++hangups != 1) {
            tech.violation(id + ": hangup callback #" + hangups);
        }
        tech.pacer().remove(this);
    }

    @Override
    public void close() {
        onExecutor("close");
        if (++closes != 1) {
            tech.violation(id + ": close callback #" + closes);
            return;
        }
        if (hangups != 1) {
            tech.violation(id + ": closed after " + hangups + " hangup callbacks");
        }
        closed = true;
        tech.pacer().remove(this);
        tech.closed(this);
    }

    private void onExecutor(String callback) {
        if (!sink.inExecutor()) {
            tech.violation(id + ": " + callback + " ran off the channel's executor on "
                    + Thread.currentThread().getName());
        }
        if (closed) {
            tech.violation(id + ": " + callback + " ran after close");
        }
    }
}
