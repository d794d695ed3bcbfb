package org.strowger.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.strowger.api.Application;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.FrameTap;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.Party;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.Frame;
import org.strowger.spi.InboundCall;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.Simulation;

/**
 * Log injection: a caller whose name, number and resource carry CR/LF, a forged log line and ANSI escapes, and
 * user code (an application, its name, a subscriber, a scheduled task, a frame tap, a DTMF hook) that throws with that
 * text. Every line the core logs about them, at every level, is captured as an appender receives it
 * ({@link CapturingLogProvider}): each renders as one line, with no control character, so the forged line never
 * appears as a line of its own.
 */
class LogInjectionTest {
    private static final String FORGED = "alice\r\n[main] INFO org.strowger.core.CoreImpl - forged: all calls dropped"
            + "\u001b[2K\u2028\u0085end";

    @Test
    void untrustedTextNeverForgesOrBreaksALogLine() {
        CapturedLog.start();
        List<CapturedLog.Line> lines;
        try {
            runCallsThatLogUntrustedText();
        } finally {
            lines = CapturedLog.stop();
        }
        List<CapturedLog.Line> ours = lines.stream().filter(l -> l.message().contains("forged")).toList();
        Set<String> loggers = ours.stream().map(CapturedLog.Line::logger).collect(Collectors.toSet());
        assertEquals(Set.of("org.strowger.core.channel.ChannelImpl", "org.strowger.core.event.EventSubscription",
                "org.strowger.core.channel.Taps", "org.strowger.core.bridge.BridgeHooks"), loggers,
                "the untrusted text did not reach every log statement this test aims at");
        assertTrue(ours.stream().anyMatch(l -> l.message().contains("callback onAttach threw")), "application fault");
        assertTrue(ours.stream().anyMatch(l -> l.message().contains("scheduled task threw")), "scheduled task");
        assertTrue(ours.stream().anyMatch(l -> l.message().contains("INBOUND Fake call to")), "caller identity");
        for (CapturedLog.Line l : lines) {
            String text = l.message() + (l.cause() == null ? "" : " " + l.cause());
            assertTrue(text.chars().allMatch(c -> c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f)
                    && c != 0x2028 && c != 0x2029), "a control character reached the log: " + text);
            assertEquals(l.cause() == null ? 1 : 2, l.rendered().lines().count(), "not one line (plus one for the"
                    + " exception, whose stack frames follow): " + l.rendered());
        }
    }

    private static void runCallsThatLogUntrustedText() {
        Simulation sim = new Simulation(1);
        FakeTech fake = new FakeTech();
        Application router = new Application() {
            @Override
            public String name() {
                return "router " + FORGED;
            }

            @Override
            public void onAttach(Channel ch) {
                throw new IllegalStateException("no route for caller " + ch.snapshot().caller().name());
            }
        };
        ChannelCore core = sim.coreBuilder().tech(fake).inboundHandler(ch -> router).build();
        core.subscribe(EventFilter.all(), e -> {
            throw new IllegalArgumentException("cannot store event of " + FORGED);
        }, SubscribeOptions.defaults().onPool().withName("cdr\r\n[main] INFO forged"));

        // 1. an application (named with the text) that throws with the caller's name: hung up, one WARN line
        FakeChannel in = fake.inbound(new InboundCall(FORGED, FORGED, Party.of(FORGED, FORGED), Map.of(), null));
        sim.runUntilQuiescent();

        // 2. a scheduled task, a frame tap and a DTMF hook that throw with the text, on a bridged call
        Channel a = core.request(OutboundRequest.of("Fake", "alice").withCaller(Party.of(FORGED, FORGED)));
        Channel b = core.request(OutboundRequest.of("Fake", "bob"));
        Bridge bridge = core.createBridge(BridgeOptions.call());
        sim.await(bridge.join(a, JoinOptions.HANG_UP_AFTER));
        sim.await(bridge.join(b, JoinOptions.HANG_UP_AFTER));
        sim.await(bridge.addDtmfHook("1", (br, member, digits) -> {
            throw new IllegalStateException("hook for " + FORGED);
        }));
        a.schedule(Duration.ZERO, () -> {
            throw new IllegalStateException("timer for " + FORGED);
        });
        sim.await(a.addTap(new FrameTap() {
            @Override
            public Frame onFrame(Channel channel, Direction direction, Frame frame) {
                throw new IllegalStateException("tap for " + FORGED);
            }
        }));
        fake.channelOf(a).remote().receive(new DtmfEnd('1', Duration.ofMillis(100)));
        sim.runFor(Duration.ofMillis(100));
        fake.channelOf(b).remote().receive(new DtmfEnd('1', Duration.ofMillis(100)));
        sim.runFor(Duration.ofMillis(100));
        a.hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertClean(sim, core, fake);
        core.shutdown();
        sim.runAll();
        assertEquals(HangupCause.APPLICATION_FAULT, in.channel().snapshot().hangupCause());
    }
}
