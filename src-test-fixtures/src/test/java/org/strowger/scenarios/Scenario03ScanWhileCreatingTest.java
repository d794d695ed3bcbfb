package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * RELIABILITY.md #3 (Asterisk #1946/#1907/#1928: a periodic scan holding the container lock stalls allocation): a
 * periodic scanner lists all channels while channels are created, change state and hang up. Scans see every channel
 * live throughout exactly once; creation never waits for a scan.
 */
@ExtendWith(NoLeakExtension.class)
class Scenario03ScanWhileCreatingTest {

    @Test
    void simulatedPeriodicScansSeeExactlyTheLiveChannels() {
        Seeds.forEach("scenario 3", 3_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            fake.on("call", (ch, arg) -> ch.remote().answered());
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            List<Channel> all = new ArrayList<>();
            int[] scans = new int[1];
            Runnable[] scanner = new Runnable[1];
            scanner[0] = () -> {
                Set<ChannelId> listed = new HashSet<>();
                for (ChannelSnapshot s : core.channels()) {
                    assertTrue(listed.add(s.id()), "listed twice");
                }
                Set<ChannelId> registered = new HashSet<>();
                for (Channel c : all) {
                    if (core.channel(c.id()).isPresent()) {
                        registered.add(c.id());
                    }
                }
                assertEquals(registered, listed);
                if (++scans[0] < 20) {
                    sim.schedule(scanner[0], 5, TimeUnit.MILLISECONDS);
                }
            };
            sim.schedule(scanner[0], 1, TimeUnit.MILLISECONDS);
            for (int k = 0; k < 30; k++) {
                sim.schedule(() -> sim.fork(() -> {
                    Channel c = core.request(OutboundRequest.of("Fake", "x"));
                    all.add(c);
                    c.call();
                    if (sim.random().nextInt(3) == 0) {
                        c.hangup(HangupCause.NORMAL_CLEARING);
                    }
                }), sim.random().nextInt(100), TimeUnit.MILLISECONDS);
            }
            sim.runAll();
            assertEquals(20, scans[0]);
            all.forEach(c -> c.hangup(HangupCause.NORMAL_CLEARING));
            sim.runAll();
            Invariants.assertClean(sim, core, fake);
        });
    }

    @Test
    @Timeout(120)
    void realThreadCreationProceedsWhileALargeScanIsInProgress(TestCores cores) throws Exception {
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.real(b -> { }, fake);
        List<Channel> background = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            background.add(core.request(OutboundRequest.of("Fake", "bg")));
        }
        AtomicBoolean scanning = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong createdDuringScan = new AtomicLong();
        AtomicLong scans = new AtomicLong();
        try (DeadlockWatchdog w = DeadlockWatchdog.start()) {
            CompletableFuture<Void> scanner = CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    scanning.set(true);
                    Set<ChannelId> ids = new HashSet<>();
                    for (ChannelSnapshot s : core.channels()) {
                        assertTrue(ids.add(s.id()));
                    }
                    scanning.set(false);
                    scans.incrementAndGet();
                }
            }, runnable -> new Thread(runnable, "scanner").start());
            List<CompletableFuture<Void>> creators = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                creators.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        boolean during = scanning.get();
                        Channel c = core.request(OutboundRequest.of("Fake", "new"));
                        if (during && scanning.get()) {
                            createdDuringScan.incrementAndGet();
                        }
                        c.call();
                        c.hangup(HangupCause.NORMAL_CLEARING);
                    }
                }, runnable -> new Thread(runnable, "creator").start()));
            }
            for (CompletableFuture<Void> c : creators) {
                c.get(60, TimeUnit.SECONDS);
            }
            stop.set(true);
            scanner.get(60, TimeUnit.SECONDS);
            background.forEach(c -> c.hangup(HangupCause.NORMAL_CLEARING));
            assertTrue(TestCores.await(() -> core.channelCount() == 0, Duration.ofSeconds(30)));
        }
        assertTrue(scans.get() > 0);
        assertTrue(createdDuringScan.get() > 0, "no creation completed while a scan was in progress");
        assertEquals(70_000, core.stats().channelsCreated());
    }
}
