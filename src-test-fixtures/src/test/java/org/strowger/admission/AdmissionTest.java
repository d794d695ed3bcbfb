package org.strowger.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.CommandRejectedException.Reason;
import org.strowger.api.CreationRate;
import org.strowger.api.EndpointUsage;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.Party;
import org.strowger.spi.InboundCall;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * Admission control, case by case: what each limit refuses, with which reason and cause, what a refusal leaves behind
 * (nothing), which endpoint a channel counts on, how limits behave when changed with calls live, and that every way a
 * channel ends (hang-up, failed creation, tech fault, unregister, shutdown, Local pairs) gives its count back.
 */
@ExtendWith(NoLeakExtension.class)
class AdmissionTest {
    private Simulation sim;
    private FakeTech fake;

    @BeforeEach
    void setUp() {
        sim = new Simulation(1);
        fake = new FakeTech();
    }

    private ChannelCore core(TestCores cores, java.util.function.Consumer<org.strowger.core.Strowger.Builder> config) {
        return cores.simulated(sim, b -> {
            b.inboundHandler(ch -> new RecordingApp());
            config.accept(b);
        }, fake);
    }

    private CommandRejectedException refused(Reason reason, HangupCause cause, Runnable creation) {
        CommandRejectedException e = assertThrows(CommandRejectedException.class, creation::run);
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(cause, e.hangupCause());
        return e;
    }

    private int inUse(ChannelCore core, String endpoint) {
        return core.usage(endpoint).orElseThrow().inUse();
    }

    private void hangUpAll(ChannelCore core) {
        core.channels().forEach(s -> core.channel(s.id()).ifPresent(c -> c.hangup(HangupCause.NORMAL_CLEARING)));
        sim.runAll();
    }

    @Test
    void anEndpointAtItsLimitIsBusyInBothDirectionsAndARefusalLeavesNothingBehind(TestCores cores) {
        ChannelCore core = core(cores, b -> b.usageLimit("Fake/alice", 1));
        Channel first = core.request(OutboundRequest.of("Fake", "alice"));
        sim.runAll();
        assertEquals(Optional.of(new EndpointUsage("Fake/alice", 1, 1)), core.usage("Fake/alice"));
        int created = fake.channels().size();
        CommandRejectedException e = refused(Reason.ENDPOINT_BUSY, HangupCause.USER_BUSY,
                () -> core.request(OutboundRequest.of("Fake", "alice")));
        assertTrue(e.getMessage().contains("Fake/alice"), e.getMessage());
        // inbound from alice counts on the same endpoint: the tech is told to signal busy
        refused(Reason.ENDPOINT_BUSY, HangupCause.USER_BUSY, () -> fake.inbound("alice", "100"));
        sim.runAll();
        assertEquals(created, fake.channels().size(), "no tech side was created for a refused channel");
        assertEquals(1, core.channelCount());
        assertEquals(1, core.stats().channelsLive());
        assertEquals(1, inUse(core, "Fake/alice"));
        assertEquals(2, core.stats().rejectedEndpointBusy());
        assertEquals(2, core.stats().channelsRejected());
        assertTrue(sim.isQuiescent() && sim.pendingTimers() == 0, "nothing queued or scheduled for a refused call");
        Channel bob = core.request(OutboundRequest.of("Fake", "bob")); // no limit on Fake/bob
        first.hangup(HangupCause.NORMAL_CLEARING);
        sim.runAll();
        assertEquals(0, inUse(core, "Fake/alice"));
        Channel again = core.request(OutboundRequest.of("Fake", "alice"));
        assertEquals(1, inUse(core, "Fake/alice"));
        again.hangup(HangupCause.NORMAL_CLEARING);
        bob.hangup(HangupCause.NORMAL_CLEARING);
        sim.runAll();
    }

    @Test
    void theEndpointIsTechSlashResourceUnlessTheRequestOrTheTechNamesAnother(TestCores cores) {
        ChannelCore core = core(cores, b -> b.usageLimit("trunk-1", 2).usageLimit("Fake/alice", 5));
        core.request(OutboundRequest.of("Fake", "alice").withEndpoint("trunk-1"));
        fake.inbound(InboundCall.of("alice", "100").withEndpoint("trunk-1"));
        assertEquals(2, inUse(core, "trunk-1"));
        assertEquals(0, inUse(core, "Fake/alice"), "named endpoints replace the default");
        refused(Reason.ENDPOINT_BUSY, HangupCause.USER_BUSY,
                () -> core.request(OutboundRequest.of("Fake", "carol").withEndpoint("trunk-1")));
        core.request(OutboundRequest.of("Fake", "alice"));
        fake.inbound("alice", "200");
        assertEquals(2, inUse(core, "Fake/alice"));
        assertEquals("Fake/alice", OutboundRequest.of("Fake", "alice").endpointKey());
        assertEquals("trunk-1", OutboundRequest.of("Fake", "alice").withEndpoint("trunk-1").endpointKey());
        hangUpAll(core);
        assertEquals(0, inUse(core, "trunk-1"));
        assertEquals(0, inUse(core, "Fake/alice"));
    }

    @Test
    void aDuplicateIdRefusedAfterTheCounterWasTakenGivesItBack(TestCores cores) {
        ChannelCore core = core(cores, b -> b.usageLimit("Fake/a", 2).creationRate(1, 2));
        Channel held = core.request(OutboundRequest.of("Fake", "a").withId(ChannelId.of("call-1")));
        refused(Reason.DUPLICATE_ID, HangupCause.NORMAL_TEMPORARY_FAILURE,
                () -> core.request(OutboundRequest.of("Fake", "a").withId(ChannelId.of("call-1"))));
        refused(Reason.DUPLICATE_ID, HangupCause.NORMAL_TEMPORARY_FAILURE,
                () -> fake.inbound(new InboundCall("a", "1", Party.UNKNOWN, Map.of(), ChannelId.of("call-1"))));
        assertEquals(1, inUse(core, "Fake/a"), "the duplicates' counts were given back");
        assertEquals(1, core.stats().channelsLive());
        Channel second = core.request(OutboundRequest.of("Fake", "a")); // the refused ones spent no rate token
        assertEquals(2, inUse(core, "Fake/a"));
        refused(Reason.RATE_LIMITED, HangupCause.SWITCH_CONGESTION, () -> core.request(OutboundRequest.of("Fake", "a")));
        held.hangup(HangupCause.NORMAL_CLEARING);
        second.hangup(HangupCause.NORMAL_CLEARING);
        sim.runAll();
    }

    @Test
    void maxChannelsAndTheCreationRateSignalCongestion(TestCores cores) {
        ChannelCore core = core(cores, b -> b.maxChannels(2).creationRate(10, 3));
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        FakeChannel b = fake.inbound("b", "100");
        refused(Reason.LIMIT_REACHED, HangupCause.SWITCH_CONGESTION, () -> core.request(OutboundRequest.of("Fake", "c")));
        refused(Reason.LIMIT_REACHED, HangupCause.SWITCH_CONGESTION, () -> fake.inbound("c", "100"));
        a.hangup(HangupCause.NORMAL_CLEARING);
        sim.runAll();
        Channel c = core.request(OutboundRequest.of("Fake", "c")); // third token of the burst
        c.hangup(HangupCause.NORMAL_CLEARING);
        sim.runAll();
        refused(Reason.RATE_LIMITED, HangupCause.SWITCH_CONGESTION, () -> core.request(OutboundRequest.of("Fake", "d")));
        refused(Reason.RATE_LIMITED, HangupCause.SWITCH_CONGESTION, () -> fake.inbound("d", "100"));
        sim.runFor(Duration.ofMillis(100)); // one token back, on the core's (virtual) clock
        Channel d = core.request(OutboundRequest.of("Fake", "d"));
        refused(Reason.RATE_LIMITED, HangupCause.SWITCH_CONGESTION, () -> core.request(OutboundRequest.of("Fake", "e")));
        assertEquals(2, core.stats().rejectedMaxChannels(), "the LIMIT_REACHED refusals spent no token");
        assertEquals(3, core.stats().rejectedRate());
        assertEquals(5, core.stats().channelsRejected());
        b.channel().hangup(HangupCause.NORMAL_CLEARING);
        d.hangup(HangupCause.NORMAL_CLEARING);
        sim.runAll();
    }

    @Test
    void theRateCanBeChangedAndRemovedAtRunTime(TestCores cores) {
        ChannelCore core = core(cores, b -> { });
        assertEquals(Optional.empty(), core.creationRate());
        core.setCreationRate(new CreationRate(1, 1));
        assertEquals(Optional.of(new CreationRate(1, 1)), core.creationRate());
        core.request(OutboundRequest.of("Fake", "a"));
        refused(Reason.RATE_LIMITED, HangupCause.SWITCH_CONGESTION, () -> core.request(OutboundRequest.of("Fake", "b")));
        core.setCreationRate(new CreationRate(1, 2)); // a new rate starts with a full bucket
        core.request(OutboundRequest.of("Fake", "b"));
        core.request(OutboundRequest.of("Fake", "c"));
        refused(Reason.RATE_LIMITED, HangupCause.SWITCH_CONGESTION, () -> core.request(OutboundRequest.of("Fake", "d")));
        core.removeCreationRate();
        assertEquals(Optional.empty(), core.creationRate());
        for (int i = 0; i < 100; i++) {
            core.request(OutboundRequest.of("Fake", "e" + i));
        }
        hangUpAll(core);
    }

    @Test
    void aLimitSetWithCallsLiveCountsThemAndALowerOneHangsNothingUp(TestCores cores) {
        ChannelCore core = core(cores, b -> { });
        Channel a1 = core.request(OutboundRequest.of("Fake", "a"));
        Channel a2 = core.request(OutboundRequest.of("Fake", "a"));
        FakeChannel a3 = fake.inbound("a", "100");
        assertEquals(Optional.empty(), core.usage("Fake/a"), "no limit: not counted");
        core.setUsageLimit("Fake/a", 2);
        assertEquals(new EndpointUsage("Fake/a", 2, 3), core.usage("Fake/a").orElseThrow(), "the live calls count");
        refused(Reason.ENDPOINT_BUSY, HangupCause.USER_BUSY, () -> core.request(OutboundRequest.of("Fake", "a")));
        sim.runAll();
        assertEquals(ChannelState.RING, a3.channel().state(), "nothing is hung up");
        a1.hangup(HangupCause.NORMAL_CLEARING);
        sim.runAll();
        refused(Reason.ENDPOINT_BUSY, HangupCause.USER_BUSY, () -> core.request(OutboundRequest.of("Fake", "a")));
        a2.hangup(HangupCause.NORMAL_CLEARING);
        sim.runAll();
        Channel a4 = core.request(OutboundRequest.of("Fake", "a"));
        core.setUsageLimit("Fake/a", 1); // lowered below the count: both stay
        assertEquals(new EndpointUsage("Fake/a", 1, 2), core.usage("Fake/a").orElseThrow());
        assertEquals(List.of(new EndpointUsage("Fake/a", 1, 2)), core.usageLimits());
        assertTrue(core.removeUsageLimit("Fake/a"));
        assertFalse(core.removeUsageLimit("Fake/a"));
        Channel a5 = core.request(OutboundRequest.of("Fake", "a")); // no limit now
        core.setUsageLimit("Fake/a", 0);
        assertEquals(3, inUse(core, "Fake/a"), "set again: every live channel counted once, wherever it was");
        refused(Reason.ENDPOINT_BUSY, HangupCause.USER_BUSY, () -> fake.inbound("a", "100"));
        a3.channel().hangup(HangupCause.NORMAL_CLEARING);
        a4.hangup(HangupCause.NORMAL_CLEARING);
        a5.hangup(HangupCause.NORMAL_CLEARING);
        sim.runAll();
        assertEquals(0, inUse(core, "Fake/a"));
    }

    @Test
    void aFailedCreationATechFaultAnUnregisterAndAShutdownEachGiveTheCountBack(TestCores cores) {
        FakeTech alt = new FakeTech("Alt");
        ChannelCore core = core(cores, b -> b.usageLimit("Fake/bad", 5).usageLimit("Alt/x", 5)
                .usageLimit("Fake/ok", 5).tech(alt));
        fake.failOn("newChannel", "bad");
        Channel bad = core.request(OutboundRequest.of("Fake", "bad"));
        assertEquals(1, inUse(core, "Fake/bad"));
        sim.runAll();
        assertEquals(HangupCause.TECH_FAULT, bad.snapshot().hangupCause());
        assertEquals(0, inUse(core, "Fake/bad"), "the failed originate gave its count back");
        alt.inbound("x", "1");
        core.request(OutboundRequest.of("Alt", "x"));
        assertEquals(2, inUse(core, "Alt/x"));
        sim.await(core.unregisterTech("Alt"));
        assertEquals(0, inUse(core, "Alt/x"), "unregister gave the counts back");
        core.request(OutboundRequest.of("Fake", "ok"));
        fake.inbound("ok", "1");
        assertEquals(2, inUse(core, "Fake/ok"));
        sim.await(core.shutdown());
        assertEquals(0, inUse(core, "Fake/ok"), "shutdown gave the counts back");
        refused(Reason.SHUTTING_DOWN, HangupCause.SYSTEM_SHUTDOWN, () -> core.request(OutboundRequest.of("Fake", "ok")));
        assertEquals(0, inUse(core, "Fake/ok"));
    }

    @Test
    void aLocalCallCountsOnceOnItsFirstHalf(TestCores cores) {
        ChannelCore core = core(cores, b -> b.usageLimit("Local/100", 1));
        Channel one = core.request(OutboundRequest.of("Local", "100"));
        one.call();
        sim.runAll();
        assertEquals(2, core.channelCount("Local"), "both halves are up");
        assertEquals(1, inUse(core, "Local/100"), "the second half does not count again");
        refused(Reason.ENDPOINT_BUSY, HangupCause.USER_BUSY, () -> core.request(OutboundRequest.of("Local", "100")));
        one.hangup(HangupCause.NORMAL_CLEARING);
        sim.runAll();
        assertEquals(0, core.channelCount());
        assertEquals(0, inUse(core, "Local/100"));
    }

    @Test
    void aLocalSecondHalfRefusedByTheRateHangsTheFirstUpWithCongestion(TestCores cores) {
        ChannelCore core = core(cores, b -> b.creationRate(1, 1));
        Channel one = core.request(OutboundRequest.of("Local", "100"));
        one.call();
        sim.runAll();
        assertEquals(ChannelState.DESTROYED, one.state());
        assertEquals(HangupCause.SWITCH_CONGESTION, one.snapshot().hangupCause());
        assertEquals(1, core.stats().rejectedRate());
    }

    @Test
    void aLimitSetBetweenCreationsCountsEveryLiveChannelOnce(TestCores cores) {
        // (a limit set in the middle of one creation is covered by AdmissionLincheckTest and Scenario13's real threads)
        for (int seed = 0; seed < 200; seed++) {
            Simulation s = new Simulation(seed);
            FakeTech f = new FakeTech();
            ChannelCore core = cores.simulated(s, b -> { }, f);
            Runnable create = () -> {
                try {
                    core.request(OutboundRequest.of("Fake", "a"));
                } catch (CommandRejectedException e) {
                    assertEquals(Reason.ENDPOINT_BUSY, e.reason()); // only once the limit is set and taken
                }
            };
            s.fork(create);
            s.fork(() -> core.setUsageLimit("Fake/a", 1));
            s.fork(create);
            s.runUntilQuiescent();
            assertEquals(core.channelCount(), inUse(core, "Fake/a"), "seed " + seed);
            assertTrue(core.channelCount() >= 1 && core.channelCount() <= 2);
            core.channels().forEach(x -> core.channel(x.id()).ifPresent(c -> c.hangup(HangupCause.NORMAL_CLEARING)));
            s.runAll();
            assertEquals(0, inUse(core, "Fake/a"));
        }
    }

    @Test
    void theRateFollowsTheCoresVirtualClock(TestCores cores) {
        ChannelCore core = core(cores, b -> b.creationRate(50, 1));
        int admitted = 0;
        for (int ms = 0; ms < 1_000; ms++) {
            try {
                core.request(OutboundRequest.of("Fake", "a")).hangup(HangupCause.NORMAL_CLEARING);
                admitted++;
            } catch (CommandRejectedException e) {
                assertEquals(Reason.RATE_LIMITED, e.reason());
            }
            sim.runAll();
            sim.runFor(Duration.ofMillis(1));
        }
        assertEquals(50, admitted, "one per 20 ms over one virtual second");
        assertEquals(1_000 - 50, core.stats().rejectedRate());
        assertTrue(sim.elapsedNanos() >= TimeUnit.SECONDS.toNanos(1));
    }
}
