package org.strowger.testkit;

import java.time.Duration;
import java.util.List;
import org.strowger.api.Channel;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.ComfortNoiseFrame;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.MediaFrame;
import org.strowger.spi.BridgePeer;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.TechChannel;

/**
 * The fake tech's side of one channel: records every callback (with its thread and whether it ran on the owner
 * executor), runs the tech's scripted reactions, and lets a test play the far end through {@link #remote()}.
 */
public final class FakeChannel implements TechChannel {
    private final FakeTech tech;
    private final String resource;
    private volatile ChannelSink sink;
    private final CallbackLog log = new CallbackLog();

    FakeChannel(FakeTech tech, String resource, ChannelSink sink) {
        this.tech = tech;
        this.resource = resource;
        this.sink = sink;
    }

    /** Binds the sink of an inbound channel (known only once the core has announced it). */
    void bind(ChannelSink s) {
        this.sink = s;
    }

    /** The far end's side: upcalls into the core (thread-safe). */
    public ChannelSink remote() {
        return sink;
    }

    /** The core's handle of this channel. */
    public Channel channel() {
        return sink.channel();
    }

    public String resource() {
        return resource;
    }

    /** Every callback so far, in order. */
    public List<Callback> callbacks() {
        return log.callbacks();
    }

    /** The names of the callbacks so far, in order. */
    public List<String> callbackNames() {
        return log.names();
    }

    /** How many times callback {@code name} ran. */
    public long count(String name) {
        return log.count(name);
    }

    /** The argument of the first callback {@code name} (e.g. the hang-up cause), or null. */
    public Object argumentOf(String name) {
        return log.argumentOf(name);
    }

    /** Contract violations seen (see {@link CallbackLog}). */
    public List<String> violations() {
        return log.violations();
    }

    void record(String name, Object arg) {
        log.record(name, arg, sink.inExecutor());
        tech.react(this, name, arg);
    }

    @Override
    public void call() {
        record("call", null);
    }

    @Override
    public void answer() {
        record("answer", null);
        if (tech.confirmsAnswers()) {
            sink.answered(); // the answer went out at once; with confirmAnswersLater() the test confirms
        }
    }

    @Override
    public void hangup(HangupCause cause) {
        record("hangup", cause);
    }

    @Override
    public void write(MediaFrame frame) {
        record("write", frame);
    }

    @Override
    public void comfortNoise(ComfortNoiseFrame frame) {
        record("comfortNoise", frame);
    }

    @Override
    public void indicate(ControlFrame control) {
        record("indicate", control);
    }

    @Override
    public void dtmfBegin(char digit) {
        record("dtmfBegin", digit);
    }

    @Override
    public void dtmfEnd(char digit, Duration duration) {
        record("dtmfEnd", digit);
    }

    @Override
    public void sendText(String text) {
        record("sendText", text);
    }

    @Override
    public void bridged(BridgePeer peer) {
        record("bridged", peer);
    }

    @Override
    public void unbridged() {
        record("unbridged", null);
    }

    @Override
    public void close() {
        record("close", null);
    }

    @Override
    public String toString() {
        return "FakeChannel[" + channel().id() + ", " + callbackNames() + "]";
    }
}
