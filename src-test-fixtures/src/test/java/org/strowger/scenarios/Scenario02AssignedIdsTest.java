package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.CommandRejectedException;
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
 * RELIABILITY.md #2 (Asterisk #1962: deadlock under originate-with-assigned-id load): many actors create channels
 * with caller-chosen ids, duplicates included, while others hang up, list and look up. Each duplicate is rejected
 * exactly when a live channel holds the id, and the count returns to zero.
 */
@ExtendWith(NoLeakExtension.class)
class Scenario02AssignedIdsTest {
    private static final int IDS = 5;

    @Test
    void simulatedDuplicatesAreRejectedExactlyWhileTheIdIsLive() {
        Seeds.forEach("scenario 2", 2_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            long[] created = new long[1];
            long[] duplicates = new long[1];
            for (int k = 0; k < 60; k++) {
                sim.fork(() -> {
                    ChannelId id = ChannelId.of("call-" + sim.random().nextInt(IDS));
                    switch (sim.random().nextInt(4)) {
                        case 0, 1 -> {
                            boolean held = core.channel(id).isPresent();
                            try {
                                Channel c = core.request(OutboundRequest.of("Fake", "x").withId(id));
                                assertTrue(!held, "created over a live id " + id);
                                assertEquals(id, c.id());
                                created[0]++;
                            } catch (CommandRejectedException e) {
                                assertEquals(CommandRejectedException.Reason.DUPLICATE_ID, e.reason());
                                assertTrue(held, "rejected a free id " + id);
                                duplicates[0]++;
                            }
                        }
                        case 2 -> core.channel(id).ifPresent(c -> c.hangup(HangupCause.NORMAL_CLEARING));
                        default -> assertUniqueIds(core.channels());
                    }
                });
            }
            sim.runUntilQuiescent();
            assertTrue(created[0] + duplicates[0] > 0);
            core.channels().forEach(s -> core.channel(s.id()).ifPresent(c -> c.hangup(HangupCause.NORMAL_CLEARING)));
            sim.runAll();
            assertEquals(created[0], core.stats().channelsDestroyed());
            assertEquals(duplicates[0], core.stats().channelsRejected());
            Invariants.assertClean(sim, core, fake);
        });
    }

    private static void assertUniqueIds(List<ChannelSnapshot> listing) {
        Set<ChannelId> seen = new HashSet<>();
        for (ChannelSnapshot s : listing) {
            assertTrue(seen.add(s.id()), "listed twice: " + s.id());
        }
    }

    @Test
    @Timeout(120)
    void realThreadsCreatingDuplicatesWhileOthersHangUpListAndLookUp(TestCores cores) throws Exception {
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.real(b -> { }, fake);
        AtomicLong created = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        try (DeadlockWatchdog w = DeadlockWatchdog.start()) {
            List<CompletableFuture<Void>> actors = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                actors.add(CompletableFuture.runAsync(() -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    for (int i = 0; i < 5_000; i++) {
                        ChannelId id = ChannelId.of("call-" + r.nextInt(16));
                        switch (r.nextInt(4)) {
                            case 0, 1 -> {
                                try {
                                    core.request(OutboundRequest.of("Fake", "x").withId(id));
                                    created.incrementAndGet();
                                } catch (CommandRejectedException e) {
                                    assertEquals(CommandRejectedException.Reason.DUPLICATE_ID, e.reason());
                                    duplicates.incrementAndGet();
                                }
                            }
                            case 2 -> core.channel(id).ifPresent(c -> c.hangup(HangupCause.NORMAL_CLEARING));
                            default -> assertUniqueIds(core.channels());
                        }
                    }
                }, runnable -> new Thread(runnable, "actor").start()));
            }
            for (CompletableFuture<Void> a : actors) {
                a.get(60, TimeUnit.SECONDS);
            }
            core.channels().forEach(s -> core.channel(s.id()).ifPresent(c -> c.hangup(HangupCause.NORMAL_CLEARING)));
            assertTrue(TestCores.await(() -> core.channelCount() == 0, Duration.ofSeconds(20)));
        }
        assertTrue(duplicates.get() > 0, "the test produced no duplicate");
        assertEquals(created.get(), core.stats().channelsCreated());
        assertEquals(created.get(), core.stats().channelsDestroyed());
        assertEquals(duplicates.get(), core.stats().channelsRejected());
    }
}
