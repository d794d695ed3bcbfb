package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.core.WorkerPool;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * RELIABILITY.md #1 (Asterisk "Avoiding initial deadlock": channel lookup gave up after 200 trylocks): thousands of
 * lookups by id and by name while every target's executor is busy with long work — always found, never blocked.
 */
@ExtendWith(NoLeakExtension.class)
class Scenario01LookupsWhileBusyTest {

    @Test
    void simulatedLookupsInterleavedWithBusyExecutorsAndHangupsAlwaysSeeTheTruth() {
        Seeds.forEach("scenario 1", 1_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            List<Channel> chans = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                chans.add(core.request(OutboundRequest.of("Fake", "u" + i)));
            }
            sim.runUntilQuiescent();
            // Keep every executor busy: a chain of 50 tech tasks each, re-queued one after another.
            for (FakeChannel fc : fake.channels()) {
                busyChain(fc, 50);
            }
            int[] lookups = new int[1];
            for (int k = 0; k < 200; k++) {
                sim.fork(() -> {
                    Channel target = chans.get(sim.random().nextInt(chans.size()));
                    boolean destroyed = target.state() == ChannelState.DESTROYED;
                    assertEquals(!destroyed, core.channel(target.id()).isPresent(), "by id: " + target.snapshot());
                    assertEquals(!destroyed, core.channelByName(target.name()).isPresent(), "by name");
                    if (!destroyed) {
                        assertSame(target, core.requireChannel(target.id()));
                    }
                    lookups[0]++;
                });
            }
            for (Channel c : chans) {
                if (sim.random().nextBoolean()) {
                    sim.fork(() -> c.hangup(HangupCause.NORMAL_CLEARING));
                }
            }
            sim.runUntilQuiescent();
            assertEquals(200, lookups[0]);
            chans.forEach(c -> c.hangup(HangupCause.NORMAL_CLEARING));
            sim.runAll();
            Invariants.assertClean(sim, core, fake);
        });
    }

    private static void busyChain(FakeChannel fc, int left) {
        if (left > 0) {
            fc.remote().execute(() -> busyChain(fc, left - 1));
        }
    }

    @Test
    @Timeout(120)
    void realThreadLookupsSucceedWhileEveryPoolThreadIsStuckInACallback(TestCores cores) throws Exception {
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.real(b -> b.pool(WorkerPool.forkJoin(2)).stallBudget(Duration.ZERO), fake);
        List<Channel> chans = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            chans.add(core.request(OutboundRequest.of("Fake", "u" + i)));
        }
        assertTrue(TestCores.await(() -> fake.channels().size() == 2_000, Duration.ofSeconds(10)));
        AtomicBoolean release = new AtomicBoolean();
        AtomicInteger spinning = new AtomicInteger();
        // Occupy both pool threads with callbacks that do not return until released: every executor is now busy.
        for (int i = 0; i < 2; i++) {
            fake.channels().get(i).remote().execute(() -> {
                spinning.incrementAndGet();
                while (!release.get()) {
                    Thread.onSpinWait();
                }
            });
        }
        assertTrue(TestCores.await(() -> spinning.get() == 2, Duration.ofSeconds(10)));
        try (DeadlockWatchdog w = DeadlockWatchdog.start()) {
            List<CompletableFuture<Integer>> lookers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                lookers.add(CompletableFuture.supplyAsync(() -> {
                    int found = 0;
                    for (int i = 0; i < 250_000; i++) {
                        Channel c = chans.get((i * 7 + offset) % chans.size());
                        if (core.channel(c.id()).isPresent() && core.channelByName(c.name()).isPresent()) {
                            found++;
                        }
                    }
                    return found;
                }, runnable -> new Thread(runnable, "looker-" + offset).start()));
            }
            for (CompletableFuture<Integer> f : lookers) {
                assertEquals(250_000, f.get(60, TimeUnit.SECONDS));
            }
            assertFalse(release.get());
            assertEquals(2, spinning.get(), "the pool threads were still stuck during every lookup");
            release.set(true);
            chans.forEach(c -> c.hangup(HangupCause.NORMAL_CLEARING));
            assertTrue(TestCores.await(() -> core.channelCount() == 0, Duration.ofSeconds(20)));
        }
    }
}
