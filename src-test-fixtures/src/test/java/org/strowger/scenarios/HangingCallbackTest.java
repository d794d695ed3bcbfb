package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.Control;
import org.strowger.core.StallReport;
import org.strowger.core.WorkerPool;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/**
 * Plugin callbacks that hang: every pool thread stuck in a callback. The stall watchdog reports each stuck channel
 * (id and stack) once, the pool is compensated so every other channel keeps working, and once the callbacks return
 * the stuck channels carry on normally.
 */
@ExtendWith(NoLeakExtension.class)
class HangingCallbackTest {

    @Test
    @Timeout(60)
    void hangingCallbacksAreReportedAndDoNotStarveOtherChannels(TestCores cores) throws Exception {
        FakeTech fake = new FakeTech();
        AtomicBoolean release = new AtomicBoolean();
        fake.on("indicate", (ch, arg) -> {
            while (!release.get()) {
                Thread.onSpinWait();
            }
        });
        Queue<StallReport> reports = new ConcurrentLinkedQueue<>();
        ChannelCore core = cores.real(b -> b.pool(WorkerPool.forkJoin(2)).stallBudget(Duration.ofMillis(50))
                .stallListener(reports::add), fake);
        try (DeadlockWatchdog w = DeadlockWatchdog.start()) {
            Channel stuck1 = core.request(OutboundRequest.of("Fake", "stuck1"));
            Channel stuck2 = core.request(OutboundRequest.of("Fake", "stuck2"));
            stuck1.indicate(Control.PROGRESS);
            stuck2.indicate(Control.PROGRESS);
            assertTrue(TestCores.await(() -> reports.size() >= 2, Duration.ofSeconds(10)), "no stall reported");
            List<Channel> others = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Channel c = core.request(OutboundRequest.of("Fake", "other" + i));
                c.call();
                others.add(c);
            }
            assertTrue(TestCores.await(() -> others.stream().allMatch(c -> c.state() == ChannelState.DIALING),
                    Duration.ofSeconds(10)), "other channels starved while two callbacks hang");
            assertEquals(ChannelState.DOWN, stuck1.state());
            List<String> reported = reports.stream().map(StallReport::executor).sorted().toList();
            assertEquals(List.of(stuck1.id().value(), stuck2.id().value()), reported.subList(0, 2));
            assertTrue(reports.stream().allMatch(r -> r.stack().stream()
                    .anyMatch(e -> e.getClassName().contains("HangingCallbackTest"))), "stack does not show the callback");
            assertEquals(2, core.stats().stalls());
            release.set(true);
            stuck1.call().toCompletableFuture().get(10, TimeUnit.SECONDS);
            for (Channel c : others) {
                c.hangup(HangupCause.NORMAL_CLEARING);
            }
            stuck1.hangup(HangupCause.NORMAL_CLEARING);
            stuck2.hangup(HangupCause.NORMAL_CLEARING);
        }
    }
}
