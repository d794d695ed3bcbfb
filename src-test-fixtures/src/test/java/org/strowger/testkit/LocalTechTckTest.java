package org.strowger.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.Frame;
import org.strowger.core.Strowger;
import org.strowger.spi.ChannelTech;
import org.strowger.testkit.tck.ChannelTechTck;
import org.strowger.testkit.tck.RecordingTech;

/**
 * The built-in loopback tech passes the TCK. The core registers {@code Local} itself, so the test has it wrapped by
 * the recorder through {@code Strowger.Builder.localChannels(decorator)}. The far end of a Local half is its other
 * half: the far end answers, hangs up or sends by acting on that channel (the TCK's inbound handler owns it). An
 * inbound Local call is the second half of a requested {@code Local/200}.
 */
class LocalTechTckTest extends ChannelTechTck {
    @Override
    protected ChannelTech newTech() {
        throw new AssertionError("never called: Local is built into the core (see buildCore)");
    }

    @Override
    protected ChannelCore buildCore(Strowger.Builder builder, UnaryOperator<ChannelTech> recorder) {
        return builder.localChannels(recorder).build();
    }

    @Override
    protected String dialableResource() {
        return "100";
    }

    @Override
    protected void answerFromFarEnd(RecordingTech tech, Channel channel) {
        join(otherHalf(channel).orElseThrow().answer());
    }

    @Override
    protected void hangupFromFarEnd(RecordingTech tech, Channel channel, HangupCause cause) {
        otherHalf(channel).ifPresent(far -> far.hangup(cause)); // gone already if the near half hung up first
    }

    @Override
    protected void sendFromFarEnd(RecordingTech tech, Channel channel, Frame frame) {
        otherHalf(channel).orElseThrow().write(frame);
    }

    @Override
    protected void triggerInboundCall(RecordingTech tech) {
        core.request(OutboundRequest.of("Local", "200")).call();
    }

    /** The other half of a Local pair: the live Local channel with the same linked id and the other direction. */
    private Optional<Channel> otherHalf(Channel half) {
        TestCores.await(() -> find(half).isPresent() || !half.snapshot().isLive(), Duration.ofSeconds(10));
        return find(half);
    }

    private Optional<Channel> find(Channel half) {
        return core.channels().stream()
                .filter(s -> s.tech().equals("Local") && !s.id().equals(half.id()) && s.linkedId().equals(half.linkedId())
                        && s.direction() != half.direction())
                .findFirst().flatMap(s -> core.channel(s.id()));
    }
}
