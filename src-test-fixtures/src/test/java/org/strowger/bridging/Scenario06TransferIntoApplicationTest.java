package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.OwnerKind;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * RELIABILITY.md #6 (ASTERISK-24356/26145: a transfer into a channel that is running an application deadlocked the
 * driver's serializer). The channel taken over is owned by an {@link org.strowger.api.Application}, not a bridge:
 * the transfer target swapped into a bridge in the transferer's place ({@link Bridge#swap}), or the picker of a
 * ringing call ({@link ChannelCore#pickup}). Ownership moves by message: the application is asked
 * ({@code onReleaseRequest}) on the channel's executor and hears {@code onDetach(HANDED_OVER)} exactly once when it
 * lets go; a refusing application makes the operation fail with {@code OWNER_REFUSED} and nothing changes. The
 * application-owned channel, the transferer or the transferee hangs up at a random point of the protocol; whatever
 * happens, the bridge is never left with one member (it dissolves) and every bridge ends once the channels are gone.
 */
@ExtendWith(NoLeakExtension.class)
class Scenario06TransferIntoApplicationTest {

    /** Who hangs up, and how, while the operation runs. */
    private enum Hangup { NONE, APP_CHANNEL_REMOTE, APP_CHANNEL_LOCAL, OUT, OTHER }

    private static Hangup pick(Simulation sim) {
        Hangup[] all = Hangup.values();
        return sim.random().nextBoolean() ? Hangup.NONE : all[1 + sim.random().nextInt(all.length - 1)];
    }

    @Test
    void swapOfAnApplicationOwnedChannelIntoABridgeHandsItOverOnceOrRefusesCleanly() {
        Seeds.forEach("scenario 6 (swap)", 6_000, 1_500, seed -> swapOnce(seed));
    }

    private static void swapOnce(long seed) {
        StringBuilder ctx = new StringBuilder();
        BridgeInvariants.withContext(ctx, () -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            Channel a = BridgeInvariants.answered(sim, core, fake, "transferer");
            Channel b = BridgeInvariants.answered(sim, core, fake, "transferee");
            Bridge home = BridgeInvariants.call(sim, core, a, b);
            Channel c = BridgeInvariants.answered(sim, core, fake, "ivr-caller");
            boolean refusing = sim.random().nextInt(3) == 0;
            RecordingApp app = refusing ? new RecordingApp().refusingRelease() : new RecordingApp();
            BridgeInvariants.done(sim, c.attach(app));
            JoinOptions[] choices = {JoinOptions.HANG_UP_AFTER, JoinOptions.RETURN_AFTER, JoinOptions.PARK_AFTER, null};
            JoinOptions inOptions = choices[sim.random().nextInt(choices.length)];
            Hangup hangup = pick(sim);
            List<CompletionStage<Void>> op = new ArrayList<>();
            sim.fork(() -> op.add(home.swap(a, c, inOptions)));
            FakeChannel fc = BridgeInvariants.fakeOf(fake, c);
            int hops = sim.random().nextInt(40);
            ctx.append("refusing=").append(refusing).append(" inOptions=").append(inOptions).append(" hangup=")
                    .append(hangup).append(" after ").append(hops).append(" hops");
            switch (hangup) {
                case APP_CHANNEL_REMOTE ->
                        BridgeInvariants.later(sim, hops, () -> fc.remote().hangup(HangupCause.NORMAL_CLEARING));
                case APP_CHANNEL_LOCAL ->
                        BridgeInvariants.later(sim, hops, () -> c.hangup(HangupCause.NORMAL_CLEARING));
                case OUT -> BridgeInvariants.later(sim, hops, () -> a.hangup(HangupCause.NORMAL_CLEARING));
                case OTHER -> BridgeInvariants.later(sim, hops, () -> b.hangup(HangupCause.NORMAL_CLEARING));
                case NONE -> {
                }
            }
            sim.runAll();
            Throwable failure = BridgeInvariants.failureOf(op.get(0));
            ctx.append(" failure=").append(failure);
            List<String> log = app.log(c);
            long handedOver = log.stream().filter("detach HANDED_OVER"::equals).count();
            assertEquals(List.of(), app.violations(), "application callbacks off the channel's executor");
            assertWellFormed(log);
            assertTrue(handedOver <= 1, "HANDED_OVER more than once: " + log);
            if (refusing) {
                assertTrue(failure != null, "a refusing application lost its channel: " + log);
                assertEquals(0, handedOver, log.toString());
            }
            if (failure == null) {
                assertEquals(1, handedOver, "the application must hear HANDED_OVER exactly once: " + log);
                int asked = log.indexOf("release? bridge " + home.id());
                assertTrue(asked >= 0 && asked < log.indexOf("detach HANDED_OVER"),
                        "asked before the hand-over: " + log);
            } else {
                assertTrue(failure instanceof CommandRejectedException || failure instanceof NoSuchChannelException
                        || failure instanceof NoSuchBridgeException, "a failure without a reason: " + failure);
            }
            if (hangup == Hangup.NONE) {
                if (refusing) {
                    CommandRejectedException e = assertInstanceOf(CommandRejectedException.class, failure);
                    assertEquals(CommandRejectedException.Reason.OWNER_REFUSED, e.reason());
                    assertEquals(List.of("attach", "release? bridge " + home.id()), log, "nothing changed");
                    assertEquals(List.of(a.id(), b.id()), home.snapshot().members(), "nothing changed");
                    assertEquals(OwnerKind.APPLICATION, c.snapshot().ownerKind());
                    assertEquals(home.id(), a.snapshot().bridge());
                    // The refused swap released its lock on the transferer: another swap of it goes ahead.
                    Channel d = BridgeInvariants.answered(sim, core, fake, "second-target");
                    BridgeInvariants.done(sim, home.swap(a, d, JoinOptions.HANG_UP_AFTER));
                    assertEquals(List.of(b.id(), d.id()), home.snapshot().members());
                } else {
                    assertEquals(null, failure);
                    assertEquals(List.of(b.id(), c.id()), home.snapshot().members());
                    assertEquals(home.id(), c.snapshot().bridge());
                    assertEquals(ChannelState.DESTROYED, a.state(), "the transferer followed HANG_UP_AFTER");
                    assertEquals(List.of("attach", "release? bridge " + home.id(), "detach HANDED_OVER"), log);
                }
            }
            BridgeInvariants.assertAtRest(core);
            BridgeInvariants.assertNoStrandedCallBridge(core, List.of(home));
            BridgeInvariants.hangUpEverything(sim, core, true);
            assertWellFormed(app.log(c));
            Invariants.assertClean(sim, core, fake);
        });
    }

    @Test
    void pickupByAnApplicationOwnedChannelHandsItOverOnceOrRefusesCleanly() {
        Seeds.forEach("scenario 6 (pickup)", 6_500, 1_500, seed -> pickupOnce(seed));
    }

    private static void pickupOnce(long seed) {
        StringBuilder ctx = new StringBuilder();
        BridgeInvariants.withContext(ctx, () -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            boolean refusing = sim.random().nextInt(3) == 0;
            RecordingApp app = refusing ? new RecordingApp().refusingRelease() : new RecordingApp();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> app).tech(fake).build();
            Channel caller = BridgeInvariants.answered(sim, core, fake, "caller");
            Channel ringing = core.request(OutboundRequest.of("Fake", "ringing-phone"));
            ringing.call();
            Bridge early = core.createBridge(BridgeOptions.call());
            BridgeInvariants.done(sim, early.join(caller, JoinOptions.HANG_UP_AFTER));
            BridgeInvariants.done(sim, early.join(ringing, JoinOptions.HANG_UP_AFTER));
            sim.runUntilQuiescent();
            if (sim.random().nextBoolean()) {
                BridgeInvariants.fakeOf(fake, ringing).remote().ringing();
            }
            // The picker runs an application: an inbound call still ringing (routed to the app), or an answered
            // outbound channel the application was attached to.
            boolean inbound = sim.random().nextBoolean();
            Channel picker;
            if (inbound) {
                picker = fake.inbound("picker", "*8").channel();
                sim.runUntilQuiescent();
            } else {
                picker = BridgeInvariants.answered(sim, core, fake, "picker");
                BridgeInvariants.done(sim, picker.attach(app));
            }
            assertEquals(OwnerKind.APPLICATION, picker.snapshot().ownerKind());
            FakeChannel fp = BridgeInvariants.fakeOf(fake, picker);
            FakeChannel fr = BridgeInvariants.fakeOf(fake, ringing);
            List<CompletionStage<Void>> op = new ArrayList<>();
            sim.fork(() -> op.add(core.pickup(picker, ringing)));
            Hangup hangup = pick(sim);
            boolean answers = hangup == Hangup.NONE && sim.random().nextInt(4) == 0;
            int hops = sim.random().nextInt(40);
            ctx.append("refusing=").append(refusing).append(" inbound=").append(inbound).append(" hangup=")
                    .append(hangup).append(" answers=").append(answers).append(" after ").append(hops).append(" hops");
            switch (hangup) {
                case APP_CHANNEL_REMOTE ->
                        BridgeInvariants.later(sim, hops, () -> fp.remote().hangup(HangupCause.NORMAL_CLEARING));
                case APP_CHANNEL_LOCAL ->
                        BridgeInvariants.later(sim, hops, () -> picker.hangup(HangupCause.NORMAL_CLEARING));
                case OUT -> BridgeInvariants.later(sim, hops, () -> fr.remote().hangup(HangupCause.NO_ANSWER));
                case OTHER -> BridgeInvariants.later(sim, hops, () -> caller.hangup(HangupCause.ORIGINATOR_CANCEL));
                case NONE -> {
                    if (answers) {
                        BridgeInvariants.later(sim, hops, () -> fr.remote().answered());
                    }
                }
            }
            sim.runAll();
            Throwable failure = BridgeInvariants.failureOf(op.get(0));
            ctx.append(" failure=").append(failure);
            List<String> log = app.log(picker);
            long handedOver = log.stream().filter("detach HANDED_OVER"::equals).count();
            assertEquals(List.of(), app.violations());
            assertWellFormed(log);
            assertTrue(handedOver <= 1, "HANDED_OVER more than once: " + log);
            if (refusing) {
                assertTrue(failure != null, "a refusing application lost its channel: " + log);
                assertEquals(0, handedOver, log.toString());
            }
            if (failure == null) {
                assertEquals(1, handedOver, "the application must hear HANDED_OVER exactly once: " + log);
                // The pickup won: the ringing channel was released with ANSWERED_ELSEWHERE, unless its far end gave
                // up at that very instant (then the picker still took its place beside the caller).
                assertTrue(ringing.snapshot().hangupCause() == HangupCause.ANSWERED_ELSEWHERE
                        || hangup == Hangup.OUT && ringing.snapshot().hangupCause() == HangupCause.NO_ANSWER,
                        "the pickup won but the ringing channel is " + ringing.snapshot());
                assertTrue(log.indexOf("release? bridge " + early.id()) >= 0, log.toString());
            } else {
                assertTrue(failure instanceof CommandRejectedException || failure instanceof NoSuchChannelException
                        || failure instanceof NoSuchBridgeException, "a failure without a reason: " + failure);
                assertTrue(ringing.snapshot().hangupCause() != HangupCause.ANSWERED_ELSEWHERE,
                        "a failed pickup took the call: " + failure);
            }
            if (hangup == Hangup.NONE && !answers) {
                if (refusing) {
                    CommandRejectedException e = assertInstanceOf(CommandRejectedException.class, failure);
                    assertEquals(CommandRejectedException.Reason.OWNER_REFUSED, e.reason());
                    assertEquals(List.of(caller.id(), ringing.id()), early.snapshot().members(), "nothing changed");
                    assertTrue(ringing.snapshot().isLive());
                    assertEquals(OwnerKind.APPLICATION, picker.snapshot().ownerKind());
                    assertEquals(inbound ? ChannelState.RING : ChannelState.UP, picker.state());
                    // The refused pickup released the ringing channel: a second picker wins it.
                    Channel second = BridgeInvariants.answered(sim, core, fake, "second-picker");
                    BridgeInvariants.done(sim, core.pickup(second, ringing));
                    assertEquals(HangupCause.ANSWERED_ELSEWHERE, ringing.snapshot().hangupCause());
                    assertEquals(List.of(caller.id(), second.id()), early.snapshot().members());
                } else {
                    assertEquals(null, failure);
                    assertEquals(List.of(caller.id(), picker.id()), early.snapshot().members());
                    assertEquals(ChannelState.UP, picker.state(), "an inbound picker is answered");
                    assertEquals(List.of("attach", "release? bridge " + early.id(), "detach HANDED_OVER"),
                            log.stream().filter(s -> !s.startsWith("event")).toList());
                }
            }
            BridgeInvariants.assertAtRest(core);
            BridgeInvariants.assertNoStrandedCallBridge(core, List.of(early));
            BridgeInvariants.hangUpEverything(sim, core, true);
            assertWellFormed(app.log(picker));
            Invariants.assertClean(sim, core, fake);
        });
    }

    @Test
    void aTransferOfAChannelThatRunsAnApplicationOutsideAnyBridgeIsRefusedAndTheApplicationKeepsIt() {
        Simulation sim = new Simulation(6_999);
        FakeTech fake = new FakeTech();
        ChannelCore core = sim.coreBuilder().tech(fake).build();
        Channel c = BridgeInvariants.answered(sim, core, fake, "ivr-caller");
        RecordingApp app = new RecordingApp();
        BridgeInvariants.done(sim, c.attach(app));
        CompletionStage<Channel> blind = core.blindTransfer(c, OutboundRequest.of("Fake", "t1"));
        CompletionStage<org.strowger.api.AttendedTransfer> attended =
                core.attendedTransfer(c, OutboundRequest.of("Fake", "t2"));
        sim.runAll();
        for (CompletionStage<?> s : List.of(blind, attended)) {
            CommandRejectedException e = assertInstanceOf(CommandRejectedException.class,
                    BridgeInvariants.failureOf(s));
            assertEquals(CommandRejectedException.Reason.WRONG_STATE, e.reason());
        }
        assertEquals(List.of("attach"), app.log(c), "the application was neither asked nor robbed");
        assertEquals(OwnerKind.APPLICATION, c.snapshot().ownerKind());
        assertEquals(1, core.channelCount(), "no target channel is left behind");
        BridgeInvariants.done(sim, c.hangup(HangupCause.NORMAL_CLEARING));
        sim.runAll();
        assertEquals(List.of("attach", "event HungUp[cause=NORMAL_CLEARING]", "detach HANGUP"), app.log(c));
        Invariants.assertClean(sim, core, fake);
    }

    /**
     * An application's view of one channel is well formed: it starts with {@code attach}; every {@code attach} is
     * followed by exactly one {@code detach} before the next {@code attach}; release requests and events come only
     * while attached.
     */
    static void assertWellFormed(List<String> log) {
        boolean attached = false;
        for (String e : log) {
            if (e.equals("attach")) {
                assertTrue(!attached, "attached twice: " + log);
                attached = true;
            } else if (e.startsWith("detach ")) {
                assertTrue(attached, "detach without attach: " + log);
                attached = false;
            } else {
                assertTrue(attached, "'" + e + "' while not attached: " + log);
            }
        }
    }
}
