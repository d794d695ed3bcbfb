package org.strowger.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelState;
import org.strowger.api.JoinOptions;
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
 * inbound Local call is the second half of a requested {@code Local/200}. Two tests of its own add what only Local
 * has: the second half linked to the first, and the optimisation, both under the TCK's after-test checks.
 */
class LocalTechTckTest extends ChannelTechTck {
    private final FakeTech fake = new FakeTech();

    @Override
    protected ChannelTech newTech() {
        throw new AssertionError("never called: Local is built into the core (see buildCore)");
    }

    @Override
    protected ChannelCore buildCore(Strowger.Builder builder, UnaryOperator<ChannelTech> recorder) {
        return builder.localChannels(recorder).tech(fake).build();
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

    @Test
    @Timeout(30)
    void theSecondHalfAnnouncedThroughTheDecoratedContextIsLinkedToTheFirst() {
        core.setUsageLimit("Local/100", 1); // the pair counts once, on the first half
        Channel one = core.request(OutboundRequest.of("Local", "100").withVariables(Map.of("ACCOUNT", "42")));
        join(one.call());
        Channel two = otherHalf(one).orElseThrow(() -> new AssertionError("no second half: " + one.snapshot()));
        assertEquals(one.linkedId(), two.linkedId());
        assertEquals("42", two.snapshot().variables().get("ACCOUNT"));
        assertTrue(tech.recorded(two.id()).orElseThrow().inbound(), "the recorder did not see the second half");
        assertEquals(1, core.usage("Local/100").orElseThrow().inUse());
        join(two.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(one);
        awaitDestroyed(two);
        assertEquals(HangupCause.NORMAL_CLEARING, one.snapshot().hangupCause());
    }

    @Test
    @Timeout(30)
    void anOptimisedPairHangsUpEachHalfOnceAndLeavesTheFarPartiesBridged() {
        Channel a = answeredFake("a");
        Channel b = answeredFake("b");
        Channel one = request();
        join(one.call());
        Channel two = otherHalf(one).orElseThrow();
        join(two.answer());
        Bridge outer = core.createBridge(BridgeOptions.call());
        Bridge inner = core.createBridge(BridgeOptions.call());
        join(outer.join(a, JoinOptions.HANG_UP_AFTER));
        join(outer.join(one, JoinOptions.HANG_UP_AFTER));
        join(inner.join(two, JoinOptions.HANG_UP_AFTER));
        join(inner.join(b, JoinOptions.HANG_UP_AFTER));
        awaitDestroyed(one);
        awaitDestroyed(two);
        assertTrue(TestCores.await(() -> outer.snapshot().members().equals(List.of(a.id(), b.id()))
                || outer.snapshot().members().equals(List.of(b.id(), a.id())), Duration.ofSeconds(10)),
                "the far parties are not bridged: " + outer.snapshot());
        for (Channel half : List.of(one, two)) {
            assertEquals(HangupCause.NORMAL_CLEARING, logOf(half).argumentOf("hangup"));
            assertEquals(1, logOf(half).count("bridged"), logOf(half).names().toString());
        }
        assertEquals(ChannelState.UP, a.state());
        assertEquals(ChannelState.UP, b.state());
        join(a.hangup(HangupCause.NORMAL_CLEARING));
        awaitDestroyed(a);
        awaitDestroyed(b);
        assertEquals(List.of(), fake.violations());
    }

    private Channel answeredFake(String resource) {
        Channel ch = core.request(OutboundRequest.of(fake.name(), resource));
        join(ch.call());
        fake.channelOf(ch).remote().answered();
        assertTrue(TestCores.await(() -> ch.state() == ChannelState.UP, Duration.ofSeconds(10)));
        return ch;
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
