package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.TextFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;
import org.strowger.spi.TechContext;

/**
 * A tech's registration from its side: its context's clock, the sink accepting upcalls while the channel lives, and
 * unregistering while calls are up: creations are refused without being counted, the drain completes once the last
 * channel is gone, and {@code stop()} runs exactly once even when a shutdown overtakes the drain.
 */
@ExtendWith(NoLeakExtension.class)
class TechDrainAndStopTest {

    @Test
    void theTechsContextTellsTheCoresTimeAndTheSinkAcceptsUpcallsWhileTheChannelLives(TestCores cores) {
        Simulation sim = new Simulation(3);
        FakeTech fake = new FakeTech();
        cores.simulated(sim, b -> b.inboundHandler(ch -> new RecordingApp()), fake);
        sim.runFor(Duration.ofMillis(1234));
        TechContext ctx = fake.context();
        assertEquals(sim.nanoTime(), ctx.nanoTime());
        assertEquals(Duration.ofMillis(1234).toNanos(), ctx.nanoTime());
        assertTrue(ctx.toString().contains("Fake"), ctx.toString());

        FakeChannel in = fake.inbound("alice", "100");
        sim.runAll();
        assertTrue(in.remote().receive(new TextFrame("hello")), "a control frame is queued");
        assertTrue(in.remote().receive(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0)), "media is queued");
        sim.await(in.channel().hangup(HangupCause.NORMAL_CLEARING));
        assertFalse(in.remote().receive(new TextFrame("late")));
    }

    @Test
    void whileATechDrainsItsNewCallsAreRefusedUncountedAndTheDrainEndsWithTheLastCall(TestCores cores) {
        Simulation sim = new Simulation(5);
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fake);
        Channel call = core.request(OutboundRequest.of("Fake", "bob"));
        sim.runAll();
        CompletableFuture<Void> unregistered = core.unregisterTech("Fake").toCompletableFuture();
        // the hang-up is queued on the call's executor; until it runs the tech drains with one live channel
        for (int i = 0; i < 3; i++) {
            CommandRejectedException e = assertThrows(CommandRejectedException.class,
                    () -> core.request(OutboundRequest.of("Fake", "late")));
            assertEquals(CommandRejectedException.Reason.UNKNOWN_TECH, e.reason());
        }
        assertEquals(1, core.channelCount("Fake"), "refused creations are not counted on the tech");
        assertEquals(1, core.stats().channelsLive());
        CompletableFuture<Void> again = core.unregisterTech("Fake").toCompletableFuture(); // already draining
        assertFalse(unregistered.isDone());
        sim.runAll();
        assertTrue(unregistered.isDone(), "the drain ended with the last call");
        assertTrue(again.isDone());
        assertEquals(HangupCause.TECH_UNREGISTERED, call.snapshot().hangupCause());
        assertEquals(1, fake.stops());
        assertFalse(core.techNames().contains("Fake"));
        assertEquals(0, core.channelCount("Fake"));
    }

    @Test
    void aShutdownOvertakingADrainStopsTheTechOnce() {
        Seeds.forEach("shutdown overtakes a drain", 77_000, 20, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            FakeTech other = new FakeTech("Other");
            ChannelCore core = sim.coreBuilder().tech(fake).tech(other).build();
            core.request(OutboundRequest.of("Fake", "bob"));
            core.request(OutboundRequest.of("Other", "carol"));
            sim.runAll();
            CompletableFuture<Void> unregistered = core.unregisterTech("Fake").toCompletableFuture();
            CompletableFuture<Void> down = core.shutdown().toCompletableFuture();
            sim.runAll();
            assertTrue(unregistered.isDone());
            assertTrue(down.isDone());
            assertEquals(1, fake.stops(), "the draining tech");
            assertEquals(1, other.stops(), "the active tech");
            Invariants.assertClean(sim, core, fake, other);
        });
    }
}
