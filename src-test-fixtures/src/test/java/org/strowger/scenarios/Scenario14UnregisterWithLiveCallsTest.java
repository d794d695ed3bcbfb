package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * RELIABILITY.md #14 (Asterisk module-unload deadlocks; PJSIP forbids unload): unregister a tech with live calls in
 * every state and commands in flight, while new calls keep arriving. Its channels are hung up with a cause, in-flight
 * callbacks finish, no callback of the tech runs after it has stopped, and other techs are untouched.
 */
@ExtendWith(NoLeakExtension.class)
class Scenario14UnregisterWithLiveCallsTest {

    @Test
    void simulatedUnregisterAtARandomMomentDrainsEverythingAndStopsLast() {
        Seeds.forEach("scenario 14", 14_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            FakeTech other = new FakeTech("Other");
            fake.on("call", (ch, arg) -> {
                if (sim.random().nextBoolean()) {
                    ch.remote().ringing();
                }
            });
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> new RecordingApp()).tech(fake).tech(other).build();
            Channel bystander = core.request(OutboundRequest.of("Other", "b"));
            List<Channel> chans = new ArrayList<>();
            long[] refused = new long[1];
            CompletionStage<?>[] unregistered = new CompletionStage<?>[1];
            for (int k = 0; k < 25; k++) {
                sim.fork(() -> {
                    try {
                        if (sim.random().nextBoolean()) {
                            Channel c = core.request(OutboundRequest.of("Fake", "o"));
                            chans.add(c);
                            c.call();
                            c.indicate(Control.PROGRESS);
                            c.sendDtmf('1', Duration.ofMillis(sim.random().nextInt(200)));
                            c.write(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0));
                        } else {
                            FakeChannel in = fake.inbound("i", "100");
                            sim.fork(() -> in.channel().answer());
                        }
                    } catch (CommandRejectedException e) {
                        assertEquals(CommandRejectedException.Reason.UNKNOWN_TECH, e.reason());
                        refused[0]++;
                    }
                });
            }
            sim.schedule(() -> unregistered[0] = core.unregisterTech("Fake"), sim.random().nextInt(50),
                    TimeUnit.MILLISECONDS);
            sim.runAll();
            assertTrue(unregistered[0].toCompletableFuture().isDone(), "unregister did not complete");
            assertEquals(1, fake.stops());
            assertFalse(core.techNames().contains("Fake"));
            for (FakeChannel c : fake.channels()) {
                assertEquals(HangupCause.TECH_UNREGISTERED, c.argumentOf("hangup"), c.toString());
            }
            assertThrows(CommandRejectedException.class, () -> core.request(OutboundRequest.of("Fake", "late")));
            assertTrue(bystander.snapshot().isLive(), "another tech's channel was touched");
            bystander.hangup(HangupCause.NORMAL_CLEARING);
            sim.runAll();
            Invariants.assertClean(sim, core, fake, other);
        });
    }

    @Test
    @Timeout(120)
    void realThreadUnregisterWhileCallsArriveNoCallbackRunsAfterStop(TestCores cores) throws Exception {
        FakeTech fake = new FakeTech();
        FakeTech other = new FakeTech("Other");
        ChannelCore core = cores.real(b -> b.inboundHandler(ch -> new RecordingApp()), fake, other);
        Channel bystander = core.request(OutboundRequest.of("Other", "b"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        try (DeadlockWatchdog w = DeadlockWatchdog.start()) {
            List<CompletableFuture<Void>> callers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                callers.add(CompletableFuture.runAsync(() -> {
                    while (!stop.get()) {
                        try {
                            Channel c = core.request(OutboundRequest.of("Fake", "o"));
                            c.call();
                            c.sendText("hi");
                            fake.inbound("i", "1");
                            accepted.incrementAndGet();
                        } catch (CommandRejectedException e) {
                            refused.incrementAndGet();
                        }
                    }
                }, runnable -> new Thread(runnable, "caller").start()));
            }
            assertTrue(TestCores.await(() -> accepted.get() > 2_000, Duration.ofSeconds(30)));
            core.unregisterTech("Fake").toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(1, fake.stops());
            assertTrue(TestCores.await(() -> refused.get() > 100, Duration.ofSeconds(30)));
            stop.set(true);
            for (CompletableFuture<Void> c : callers) {
                c.get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(List.of(), fake.violations(), "a callback ran after stop, or off its executor");
        assertEquals(0, core.channelCount("Fake"));
        assertTrue(bystander.snapshot().isLive());
        bystander.hangup(HangupCause.NORMAL_CLEARING).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
