package org.strowger.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.strowger.api.Application;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.MdcKeys;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * Log lines written from callbacks carry what the callback runs for in the MDC (a channel, a bridge, a
 * subscription), set once per executor batch on the thread that runs it; nothing is left on the thread after the
 * batch. Lines are captured as an appender receives them ({@link CapturingLogProvider}).
 */
@ExtendWith(NoLeakExtension.class)
class MdcTest {
    private static final Logger APP_LOG = LoggerFactory.getLogger("org.strowger.test.Ivr");

    @Test
    void logLinesFromCallbacksCarryTheirExecutorAndNothingIsLeftAfterTheBatch(TestCores cores) {
        Simulation sim = new Simulation(2);
        FakeTech fake = new FakeTech();
        fake.failOn("indicate", "b"); // the core logs the fault, on b's executor
        Application ivr = new Application() {
            @Override
            public void onEvent(Channel ch, ChannelEvent event) {
                APP_LOG.info("ivr heard {}", event); // the application's own line
            }
        };
        ChannelCore core = cores.simulated(sim, x -> { }, fake);
        core.subscribe(EventFilter.all().withKinds(EventKind.HUNG_UP), e -> {
            throw new IllegalStateException("cdr store down");
        }, SubscribeOptions.defaults().onPool().withName("cdr"));
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        Channel b = core.request(OutboundRequest.of("Fake", "b"));
        CapturedLog.start();
        List<CapturedLog.Line> lines;
        try {
            sim.await(a.attach(ivr));
            sim.await(a.call());
            assertMdcEmpty();
            Bridge bridge = core.createBridge(BridgeOptions.conference());
            sim.await(bridge.join(a, JoinOptions.HANG_UP_AFTER));
            sim.await(bridge.addDtmfHook("5", (br, member, digits) -> {
                throw new IllegalStateException("feature failed");
            }));
            fake.channelOf(a).remote().receive(new DtmfEnd('5', Duration.ofMillis(80)));
            b.indicate(Control.PROGRESS);
            sim.runUntilQuiescent();
            assertMdcEmpty();
            a.hangup(HangupCause.NORMAL_CLEARING);
            sim.runUntilQuiescent();
            assertMdcEmpty();
            lines = CapturedLog.stop();
        } finally {
            CapturedLog.stop();
        }
        List<String> seen = new ArrayList<>();
        for (CapturedLog.Line l : lines) {
            String what = l.logger().equals("org.strowger.test.Ivr") ? "ivr"
                    : l.message().contains("callback indicate threw") ? "tech fault"
                    : l.message().contains("DTMF hook") ? "hook"
                    : l.message().contains("subscriber threw") ? "subscriber" : null;
            if (what != null) {
                seen.add(what + " " + l.mdc());
            }
        }
        assertEquals(List.of(
                "ivr " + Map.of(MdcKeys.CHANNEL, a.id().value()),
                "hook " + Map.of(MdcKeys.BRIDGE, "sim-b3"),
                "tech fault " + Map.of(MdcKeys.CHANNEL, b.id().value()),
                "subscriber " + Map.of(MdcKeys.EXECUTOR, "subscription cdr")),
                seen.stream().sorted((x, y) -> Integer.compare(rank(x), rank(y))).distinct().toList());
    }

    @Test
    void onPoolThreadsEachBatchSeesItsOwnChannelAndCompletionsOutsideBatchesSeeNone(TestCores cores) {
        FakeTech fake = new FakeTech();
        Queue<String> mismatches = new ConcurrentLinkedQueue<>();
        fake.on("call", (ch, arg) -> {
            if (!ch.channel().id().value().equals(MDC.get(MdcKeys.CHANNEL))) {
                mismatches.add(ch.channel().id() + " saw " + MDC.get(MdcKeys.CHANNEL));
            }
            ch.remote().answered();
        });
        ChannelCore core = cores.real(x -> { }, fake);
        Queue<String> outside = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Channel c = core.request(OutboundRequest.of("Fake", "c" + i));
            // issued from the test thread: the completion runs on a pool thread, outside every batch
            calls.add(c.call().whenComplete((v, e) -> outside.add(String.valueOf(MDC.get(MdcKeys.CHANNEL))))
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(calls.toArray(new CompletableFuture[0])).join();
        assertEquals(List.of(), List.copyOf(mismatches), "a callback saw another channel's id");
        assertEquals(500, outside.size());
        assertTrue(outside.stream().allMatch("null"::equals), "an id was left on a pool thread: " + outside);
        core.channels().forEach(s -> core.channel(s.id()).ifPresent(c -> c.hangup(HangupCause.NORMAL_CLEARING)));
    }

    /**
     * The pools create threads on demand from whichever thread submits work, and a new thread inherits its creator's
     * MDC (an inheritable thread local in common adapters). An application thread's own keys then stayed on the
     * core's workers for ever, and a worker created inside a channel's batch carried that channel's id into the
     * completions it ran outside any batch until its first batch removed it. Here the application's thread, with a
     * key of its own, makes the first submissions, so it creates the workers: they must start with an empty MDC.
     */
    @Test
    void poolThreadsStartWithAnEmptyMdcWhoeverCreatesThem(TestCores cores) {
        FakeTech fake = new FakeTech();
        String appKey = "app.request";
        MDC.put(appKey, "r-17");
        Queue<String> onPool = new ConcurrentLinkedQueue<>();
        Thread creator = Thread.currentThread();
        try {
            ChannelCore core = cores.real(x -> { }, fake);
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Channel c = core.request(OutboundRequest.of("Fake", "w" + i));
                calls.add(c.call().whenComplete((v, e) -> {
                    if (Thread.currentThread() != creator) { // already done: it ran here, with this thread's context
                        onPool.add(String.valueOf(MDC.get(appKey)));
                    }
                }).toCompletableFuture());
            }
            CompletableFuture.allOf(calls.toArray(new CompletableFuture[0])).join();
            assertEquals("r-17", MDC.get(appKey), "the creator's own context was kept");
            core.channels().forEach(s -> core.channel(s.id()).ifPresent(c -> c.hangup(HangupCause.NORMAL_CLEARING)));
        } finally {
            MDC.remove(appKey);
        }
        assertTrue(!onPool.isEmpty(), "no completion ran on a pool thread");
        assertTrue(onPool.stream().allMatch("null"::equals), "a pool thread inherited its creator's MDC: " + onPool);
    }

    /**
     * A two-party forward runs the peer's write at once on the forwarding thread when the peer is idle (a batch nested
     * in the sender's): the peer's callback sees the peer's id, and the sender's own later lines see the sender's.
     */
    @Test
    void aForwardRunInsideTheSendersBatchSeesThePeersIdThenTheSendersAgain(TestCores cores) {
        Simulation sim = new Simulation(3);
        FakeTech fake = new FakeTech();
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        fake.on("write", (ch, frame) -> seen.add(ch.resource() + " write sees " + MDC.get(MdcKeys.CHANNEL)));
        ChannelCore core = cores.simulated(sim, x -> { }, fake);
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        Channel b = core.request(OutboundRequest.of("Fake", "b"));
        Bridge bridge = core.createBridge(BridgeOptions.call());
        sim.await(bridge.join(a, JoinOptions.HANG_UP_AFTER));
        sim.await(bridge.join(b, JoinOptions.HANG_UP_AFTER));
        sim.await(a.addTap((ch, direction, frame) -> {
            seen.add("a reads, sees " + MDC.get(MdcKeys.CHANNEL));
            return frame;
        }));
        // two frames in one batch of a: each is forwarded to b at once (nested), and a's MDC is back for the second
        fake.channelOf(a).remote().receive(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 1));
        fake.channelOf(a).remote().receive(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 2));
        sim.runUntilQuiescent();
        assertMdcEmpty();
        String readA = "a reads, sees " + a.id().value();
        String writeB = "b write sees " + b.id().value();
        assertEquals(List.of(readA, writeB, readA, writeB), List.copyOf(seen));
        a.hangup(HangupCause.NORMAL_CLEARING);
        sim.runUntilQuiescent();
    }

    private static int rank(String s) {
        String[] order = {"ivr", "hook", "tech", "subscriber"};
        for (int i = 0; i < order.length; i++) {
            if (s.startsWith(order[i])) {
                return i;
            }
        }
        return 99;
    }

    private static void assertMdcEmpty() {
        assertNull(MDC.get(MdcKeys.CHANNEL), "a channel id left on the thread after its batch");
        assertNull(MDC.get(MdcKeys.BRIDGE), "a bridge id left on the thread after its batch");
        assertNull(MDC.get(MdcKeys.EXECUTOR), "an executor label left on the thread after its batch");
    }
}
