package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.Control;
import org.strowger.core.Strowger;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
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
 * RELIABILITY.md #16 (FreeSWITCH #178/#138: zombie sessions from leaked read locks): a user keeps a handle forever.
 * The channel is still destroyed, its resources are released, and every use of the stale handle fails with a clear
 * error, even after a new channel takes the same caller-chosen id.
 */
@ExtendWith(NoLeakExtension.class)
class Scenario16StaleHandleTest {

    @Test
    void simulatedStaleHandlesFailFastWhateverTheHangupPath() {
        Seeds.forEach("scenario 16", 16_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> new RecordingApp()).tech(fake).build();
            Channel kept = core.request(OutboundRequest.of("Fake", "x").withId(ChannelId.of("kept")));
            kept.call();
            CompletionStage<Void> racing = kept.indicate(Control.RINGING);
            FakeChannel fc = fakeOf(fake, kept, sim);
            switch (sim.random().nextInt(3)) {
                case 0 -> sim.fork(() -> fc.remote().hangup(HangupCause.NORMAL_CLEARING));
                case 1 -> sim.fork(() -> kept.hangup(HangupCause.NORMAL_CLEARING));
                default -> sim.fork(() -> core.unregisterTech("Fake"));
            }
            sim.runAll();
            assertEquals(ChannelState.DESTROYED, kept.state());
            CompletableFuture<Void> r = racing.toCompletableFuture();
            assertTrue(r.isDone(), "a command was neither executed nor rejected");
            for (CompletionStage<Void> stale : java.util.List.of(kept.answer(), kept.hangup(HangupCause.NORMAL_CLEARING),
                    kept.setVariable("A", "1"), kept.attach(new RecordingApp()))) {
                sim.runAll();
                ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> stale.toCompletableFuture().get());
                NoSuchChannelException n = assertInstanceOf(NoSuchChannelException.class, e.getCause());
                assertEquals(NoSuchChannelException.Reason.DESTROYED, n.reason());
                assertEquals(kept.id(), n.channelId());
            }
            assertFalse(kept.write(new org.strowger.api.frame.TextFrame("late")));
            assertTrue(core.channel(kept.id()).isEmpty());
            if (core.techNames().contains("Fake")) {
                Channel reborn = core.request(OutboundRequest.of("Fake", "x").withId(ChannelId.of("kept")));
                assertNotSame(kept, reborn);
                sim.runAll();
                assertEquals(ChannelState.DESTROYED, kept.state(), "the stale handle must not see the new channel");
                reborn.hangup(HangupCause.NORMAL_CLEARING);
                sim.runAll();
            }
            Invariants.assertClean(sim, core, fake);
        });
    }

    private static FakeChannel fakeOf(FakeTech fake, Channel ch, Simulation sim) {
        sim.runUntilQuiescent();
        return fake.channels().stream().filter(c -> c.channel() == ch).findFirst().orElseThrow();
    }

    /** A tech whose per-channel state is referenced by nobody but the core. */
    private static final class ForgetfulTech implements ChannelTech {
        volatile WeakReference<TechChannel> last;

        @Override
        public String name() {
            return "Forgetful";
        }

        @Override
        public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
            TechChannel tc = new TechChannel() {
                @Override
                public void answer() {
                }

                private final byte[] state = new byte[1 << 20];

                @Override
                public void hangup(HangupCause cause) {
                    state[0] = 1;
                }

                @Override
                public void close() {
                }
            };
            last = new WeakReference<>(tc);
            return tc;
        }
    }

    @Test
    @Timeout(60)
    void realThreadAHandleKeptForeverDoesNotKeepTheChannelsResources() throws Exception {
        ForgetfulTech tech = new ForgetfulTech();
        ChannelCore core = Strowger.builder().tech(tech).build();
        try (DeadlockWatchdog w = DeadlockWatchdog.start()) {
            Channel kept = core.request(OutboundRequest.of("Forgetful", "x"));
            assertTrue(TestCores.await(() -> tech.last != null, Duration.ofSeconds(10)));
            WeakReference<TechChannel> techSide = tech.last;
            kept.hangup(HangupCause.NORMAL_CLEARING).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(TestCores.await(() -> kept.state() == ChannelState.DESTROYED, Duration.ofSeconds(10)));
            assertTrue(TestCores.await(() -> {
                System.gc();
                return techSide.get() == null;
            }, Duration.ofSeconds(20)), "the stale handle keeps the tech's channel state alive");
            assertEquals(HangupCause.NORMAL_CLEARING, kept.snapshot().hangupCause());
            assertEquals(0, core.channelCount());
        } finally {
            core.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        Invariants.assertClean(core);
    }
}
