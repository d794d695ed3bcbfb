package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.core.Strowger;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * Every accepted command's stage completes, normally or with a reason, also across a shutdown. Found by the
 * random-operation soak (docs/reliability.md) when it shut the core down while its workers were still operating:
 * hundreds of stages never completed.
 *
 * <p>Once the core has stopped, it stops the pool (and the scheduler) it created. A serial executor that the stopped
 * pool refused rejected its queued {@code Rejectable} tasks (channel commands) but discarded every other task, and the
 * operations of a bridge, a dial and an attended transfer's coordinator are such plain tasks, whose stage only that
 * task completes; now what the pool refuses runs on a virtual thread of its own. A timer pending on the stopped
 * scheduler is dropped, and the end of a DTMF digit being sent ({@code Channel.sendDtmf}) was such a timer; now the
 * channel's hang-up fails the digit's stage at once.
 */
class StagesAcrossShutdownTest {

    /**
     * {@code sendDtmf} completes its stage when the digit's end runs, a timer of {@code duration} on the core's
     * scheduler. The shutdown hangs the channel up and then stops the scheduler the core owns, dropping that timer: the
     * stage never completes (expected: the digit's stage fails with {@code NoSuchChannelException}, as it does when
     * the channel hangs up while the core runs on).
     */
    @Test
    void aDigitBeingSentWhenTheCoreShutsDownStillCompletes() throws Exception {
        TestCores.assumeRealThreads();
        FakeTech fake = new FakeTech();
        ChannelCore core = Strowger.builder().tech(fake).build(); // its own pool and scheduler
        Channel c = core.request(OutboundRequest.of("Fake", "alice"));
        c.call().toCompletableFuture().get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> digit = c.sendDtmf('1', Duration.ofSeconds(1)).toCompletableFuture();
        core.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(TestCores.await(digit::isDone, Duration.ofSeconds(5)),
                "the stage of a 1 s DTMF digit sent just before the shutdown never completed");
        assertDocumented("sendDtmf", digit);
    }

    /**
     * Handles used after the core has stopped and its pool has stopped too (here the pool's owner stops it, as the
     * core does with a pool it created): a bridge's {@code leave}, {@code kick}, {@code merge}, {@code destroy} and
     * hooks, a dial's {@code result} and {@code cancel}, an attended transfer's {@code complete} and {@code cancel}.
     * Each stage should fail with a reason (a destroyed bridge's {@code NoSuchBridgeException}, a transfer that "has
     * already ended", a dial that ends {@code FAILED} with no leg created) or complete ({@code destroy} is idempotent,
     * a {@code cancel} of an ended dial is {@code false}); none does.
     */
    @Test
    void handlesUsedAfterThePoolHasStoppedCompleteWithAReason() {
        Simulation sim = new Simulation(14_000);
        World w = new World(sim);
        sim.await(w.core.shutdown());
        sim.runFor(Duration.ofSeconds(10));
        sim.shutdown(); // what a core does with the pool it created, once it has stopped
        Map<String, CompletableFuture<?>> after = w.useHandles();
        // the pool is gone, so the work runs on threads of its own: wait in real time, not on the virtual clock
        TestCores.await(() -> after.values().stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(10));
        List<String> never = new ArrayList<>();
        after.forEach((what, f) -> {
            if (!f.isDone()) {
                never.add(what);
            }
        });
        assertEquals(List.of(), never, "stages accepted after the shutdown that never completed");
        after.forEach(StagesAcrossShutdownTest::assertDocumented);
    }

    /** The control: the same calls after the core has stopped, but while its pool still runs, all complete. */
    @Test
    void theSameHandlesCompleteWhileThePoolStillRuns() {
        Simulation sim = new Simulation(14_000);
        World w = new World(sim);
        sim.await(w.core.shutdown());
        sim.runFor(Duration.ofSeconds(10));
        Map<String, CompletableFuture<?>> after = w.useHandles();
        sim.runFor(Duration.ofSeconds(10));
        after.forEach((what, f) -> assertTrue(f.isDone(), what + " never completed"));
        after.forEach(StagesAcrossShutdownTest::assertDocumented);
    }

    /** A call in a bridge with an attended transfer consulting, a dial ringing, two empty bridges. */
    private static final class World {
        final ChannelCore core;
        final Channel a;
        final AttendedTransfer transfer;
        final DialHandle dial;
        final Bridge lot;
        final Bridge room;

        World(Simulation sim) {
            FakeTech fake = new FakeTech();
            fake.on("call", (fc, arg) -> {
                if (fc.resource().startsWith("up-")) {
                    fc.remote().answered(); // the others ring until they are hung up
                }
            });
            core = sim.coreBuilder().tech(fake).build();
            a = core.request(OutboundRequest.of("Fake", "up-a"));
            Channel b = core.request(OutboundRequest.of("Fake", "up-b"));
            a.call();
            b.call();
            Bridge call = core.createBridge(BridgeOptions.call());
            sim.await(call.join(a, JoinOptions.HANG_UP_AFTER));
            sim.await(call.join(b, JoinOptions.HANG_UP_AFTER));
            transfer = sim.await(core.attendedTransfer(a, OutboundRequest.of("Fake", "target")));
            dial = core.dial(DialRequest.of(DialString.parse("Fake/ringing")));
            lot = core.createBridge(BridgeOptions.holding());
            room = core.createBridge(BridgeOptions.conference());
            sim.runUntilQuiescent();
        }

        Map<String, CompletableFuture<?>> useHandles() {
            Map<String, CompletableFuture<?>> m = new LinkedHashMap<>();
            m.put("AttendedTransfer.complete", transfer.complete().toCompletableFuture());
            m.put("AttendedTransfer.cancel", transfer.cancel().toCompletableFuture());
            m.put("DialHandle.cancel", dial.cancel().toCompletableFuture());
            DialHandle late = core.dial(DialRequest.of(DialString.parse("Fake/late")));
            m.put("ChannelCore.dial(...).result", late.result().toCompletableFuture());
            m.put("Bridge.leave", lot.leave(a).toCompletableFuture());
            m.put("Bridge.kick", lot.kick(a, HangupCause.NORMAL_CLEARING).toCompletableFuture());
            m.put("Bridge.merge", lot.merge(room).toCompletableFuture());
            m.put("Bridge.addDtmfHook", lot.addDtmfHook("*1", (bridge, member, code) -> { }).toCompletableFuture());
            m.put("Bridge.addIntervalHook", lot.addIntervalHook(Duration.ofSeconds(1), bridge -> { })
                    .toCompletableFuture());
            m.put("Bridge.destroy", lot.destroy().toCompletableFuture());
            return m;
        }
    }

    private static void assertDocumented(String what, CompletableFuture<?> f) {
        if (!f.isDone() || !f.isCompletedExceptionally()) {
            return;
        }
        Throwable t;
        try {
            f.join();
            return;
        } catch (CompletionException e) {
            t = e.getCause();
        }
        assertTrue(t instanceof CommandRejectedException || t instanceof NoSuchChannelException
                || t instanceof NoSuchBridgeException, what + " failed with an undocumented " + t);
    }
}
