package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** DTMF feature hooks and interval hooks on bridges. */
@ExtendWith(NoLeakExtension.class)
class BridgeHookTest {
    private final Simulation sim = new Simulation(21);
    private final FakeTech fake = new FakeTech();

    private <T> T done(CompletionStage<T> stage) {
        return sim.await(stage);
    }

    private FakeChannel fakeOf(Channel ch) {
        return fake.channelOf(ch);
    }

    private String keyed(Channel ch) {
        StringBuilder b = new StringBuilder();
        fakeOf(ch).callbacks().stream().filter(c -> c.name().equals("dtmfEnd")).forEach(c -> b.append(c.argument()));
        return b.toString();
    }

    private void key(Channel ch, String digits) {
        for (char d : digits.toCharArray()) {
            fakeOf(ch).remote().receive(new DtmfEnd(d, Duration.ofMillis(80)));
            sim.runUntilQuiescent();
        }
    }

    @Test
    void featureCodesRunTheirHookAndOtherDigitsPassThroughUnchanged(TestCores cores) {
        ChannelCore core = cores.simulated(sim, b -> { }, fake);
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        Channel b = core.request(OutboundRequest.of("Fake", "b"));
        Bridge bridge = core.createBridge(BridgeOptions.call());
        done(bridge.join(a, JoinOptions.HANG_UP_AFTER));
        done(bridge.join(b, JoinOptions.HANG_UP_AFTER));
        List<String> fired = new ArrayList<>();
        boolean[] onBridgeExecutor = {true};
        Cancellable blind = done(bridge.addDtmfHook("*2", (br, member, seq) -> fired.add(member.id() + " " + seq)));
        done(bridge.addDtmfHook("#9#", (br, member, seq) -> fired.add(member.id() + " " + seq)));
        key(a, "12*2");
        assertEquals(List.of(a.id() + " *2"), fired);
        assertEquals("12", keyed(b), "the feature code never reaches the other party");
        key(a, "*3");
        assertEquals("12*3", keyed(b), "a mismatch passes the held digits on as keyed");
        key(b, "#9");
        assertEquals("", keyed(a), "held while it may still be a feature code");
        sim.runFor(Duration.ofSeconds(2));
        assertEquals("#9", keyed(a), "released after the interdigit timeout");
        blind.cancel();
        sim.runUntilQuiescent();
        key(a, "*2");
        assertEquals("12*3*2", keyed(b), "a removed hook no longer holds digits");
        assertEquals(1, fired.size());
        assertTrue(onBridgeExecutor[0]);
        done(bridge.destroy());
    }

    @Test
    void conflictingOrMalformedSequencesAreRejected(TestCores cores) {
        ChannelCore core = cores.simulated(sim, b -> { }, fake);
        Bridge bridge = core.createBridge(BridgeOptions.holding());
        done(bridge.addDtmfHook("*1", (br, m, s) -> { }));
        for (String clash : List.of("*1", "*12", "*")) {
            CompletionStage<Cancellable> stage = bridge.addDtmfHook(clash, (br, m, s) -> { });
            sim.runUntil(stage.toCompletableFuture()::isDone);
            ExecutionException e = assertThrows(ExecutionException.class, () -> stage.toCompletableFuture().get());
            CommandRejectedException r = assertInstanceOf(CommandRejectedException.class, e.getCause());
            assertEquals(CommandRejectedException.Reason.CONFLICT, r.reason(), clash);
        }
        done(bridge.addDtmfHook("*2", (br, m, s) -> { }));
        assertThrows(InvalidArgumentException.class, () -> bridge.addDtmfHook("", (br, m, s) -> { }));
        assertThrows(InvalidArgumentException.class, () -> bridge.addDtmfHook("*x", (br, m, s) -> { }));
        assertThrows(InvalidArgumentException.class, () -> bridge.addDtmfHook("1".repeat(17), (br, m, s) -> { }));
        assertThrows(InvalidArgumentException.class, () -> bridge.addDtmfHook("1", null));
        assertThrows(InvalidArgumentException.class, () -> bridge.addIntervalHook(Duration.ofMillis(1), br -> { }));
        done(bridge.destroy());
    }

    @Test
    void intervalHooksTickOnTheCoreClockUntilCancelledOrDestroyed(TestCores cores) {
        ChannelCore core = cores.simulated(sim, b -> { }, fake);
        Bridge bridge = core.createBridge(BridgeOptions.holding());
        int[] ticks = new int[2];
        Cancellable first = done(bridge.addIntervalHook(Duration.ofSeconds(1), br -> ticks[0]++));
        done(bridge.addIntervalHook(Duration.ofMillis(500), br -> {
            if (++ticks[1] == 2) {
                throw new IllegalStateException("a faulty hook is removed");
            }
        }));
        long faults = core.stats().callbackFaults();
        sim.runFor(Duration.ofMillis(3_100));
        assertEquals(3, ticks[0]);
        assertEquals(2, ticks[1], "the hook that threw ran no more");
        assertEquals(faults + 1, core.stats().callbackFaults(), "its fault is counted");
        first.cancel();
        sim.runFor(Duration.ofSeconds(2));
        assertEquals(3, ticks[0]);
        Cancellable late = done(bridge.addIntervalHook(Duration.ofMillis(500), br -> ticks[1]++));
        done(bridge.destroy());
        sim.runFor(Duration.ofSeconds(2));
        assertEquals(2, ticks[1], "no tick after destroy");
        assertTrue(late.cancel());
        sim.runAll();
        Channel x = core.request(OutboundRequest.of("Fake", "x"));
        done(x.hangup(HangupCause.NORMAL_CLEARING));
    }
}
