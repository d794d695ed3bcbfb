package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.TransferOutcome;
import org.strowger.api.event.AttendedTransferEnded;
import org.strowger.api.event.ChannelRef;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * The endings of an attended transfer that the race test only samples, each set up on purpose: the transferee hangs
 * up, the transferer hangs up after the target answered, the transferer is gone before the consultation begins, and
 * late or crossing complete/cancel requests. Each ending is reported once in the transferee's bridge.
 */
@ExtendWith(NoLeakExtension.class)
class AttendedTransferOutcomesTest {
    private final Simulation sim = new Simulation(61);
    private final FakeTech fake = new FakeTech();
    private final Queue<CoreEvent> events = new ConcurrentLinkedQueue<>();
    private ChannelCore core;
    private Channel a; // the transferer
    private Channel b; // the transferee
    private Bridge home;

    /** a and b answered and bridged; a will transfer b. */
    private void call(TestCores cores) {
        core = cores.simulated(sim, x -> { }, fake);
        core.subscribe(EventFilter.all().withKinds(EventKind.ATTENDED_TRANSFER_ENDED), events::add,
                SubscribeOptions.defaults().onPool());
        a = answered("a");
        b = answered("b");
        home = core.createBridge(BridgeOptions.call());
        done(home.join(a, JoinOptions.HANG_UP_AFTER));
        done(home.join(b, JoinOptions.HANG_UP_AFTER));
    }

    private Channel answered(String name) {
        Channel c = core.request(OutboundRequest.of("Fake", name));
        c.call();
        sim.runUntilQuiescent();
        fakeOf(c).remote().answered();
        sim.runUntilQuiescent();
        return c;
    }

    private FakeChannel fakeOf(Channel c) {
        return fake.channelOf(c);
    }

    private <T> T done(CompletionStage<T> stage) {
        return sim.await(stage);
    }

    private AttendedTransferEnded theEnding() {
        sim.runUntilQuiescent();
        assertEquals(1, events.size(), "one ending reported: " + events);
        return (AttendedTransferEnded) events.peek();
    }

    private boolean heard(Channel c, Control control) {
        return fakeOf(c).callbacks().stream().anyMatch(x -> ControlFrame.of(control).equals(x.argument()));
    }

    private void hangUpAll() {
        core.channels().forEach(s -> core.channel(s.id()).ifPresent(ch -> ch.hangup(HangupCause.NORMAL_CLEARING)));
        sim.runUntilQuiescent();
    }

    @Test
    void aTransfereeWhoHangsUpLeavesTheTransfererTalkingToTheTarget(TestCores cores) {
        call(cores);
        AttendedTransfer t = done(core.attendedTransfer(a, OutboundRequest.of("Fake", "carol")));
        Channel carol = t.target();
        fakeOf(carol).remote().answered();
        sim.runUntilQuiescent();
        done(b.hangup(HangupCause.NORMAL_CLEARING));
        assertEquals(TransferOutcome.TRANSFEREE_HUNG_UP, done(t.outcome()));
        sim.runUntilQuiescent();
        assertTrue(a.snapshot().isLive() && carol.snapshot().isLive());
        assertEquals(a.snapshot().bridge(), carol.snapshot().bridge(), "they stay together in the consultation");
        assertEquals(1, core.bridgeCount(), "home, left empty, is gone");
        AttendedTransferEnded ended = theEnding();
        assertEquals(home.id(), ended.bridgeId());
        assertEquals(a.snapshot().bridge(), ended.consultation());
        assertEquals(List.of(b.id()), ended.transferees().stream().map(ChannelRef::id).toList());
        assertEquals(carol.id(), ended.target().id());
        assertEquals(a.id(), ended.transferer().id());
        assertEquals(TransferOutcome.TRANSFEREE_HUNG_UP, ended.outcome());

        CommandRejectedException late = assertInstanceOf(CommandRejectedException.class, sim.awaitFailure(t.complete()));
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, late.reason());
        assertTrue(late.getMessage().endsWith("has already ended: TRANSFEREE_HUNG_UP"), late.getMessage());
        assertFalse(heard(b, Control.UNHOLD), "a transferee that hung up is not taken off hold");
        hangUpAll();
    }

    @Test
    void aTransfererWhoHangsUpAfterTheTargetAnsweredCompletesTheTransfer(TestCores cores) {
        call(cores);
        AttendedTransfer t = done(core.attendedTransfer(a, OutboundRequest.of("Fake", "carol")));
        Channel carol = t.target();
        assertTrue(heard(b, Control.HOLD));
        fakeOf(carol).remote().answered();
        sim.runUntilQuiescent();
        done(a.hangup(HangupCause.NORMAL_CLEARING));
        assertEquals(TransferOutcome.COMPLETED, done(t.outcome()));
        sim.runUntilQuiescent();
        assertEquals(List.of(b.id(), carol.id()), home.snapshot().members());
        assertTrue(heard(b, Control.UNHOLD));
        assertEquals(1, core.bridgeCount(), "the consultation is gone");
        assertEquals(TransferOutcome.COMPLETED, theEnding().outcome());
        hangUpAll();
    }

    @Test
    void aTransfererGoneBeforeTheConsultationBeginsAbandonsTheTransferAndCallsNobody(TestCores cores) {
        call(cores);
        CompletionStage<AttendedTransfer> started = core.attendedTransfer(a, OutboundRequest.of("Fake", "carol"));
        a.hangup(HangupCause.NORMAL_CLEARING); // reaches a before the transfer's move does
        assertInstanceOf(NoSuchChannelException.class, sim.awaitFailure(started));
        sim.runUntilQuiescent();
        AttendedTransferEnded ended = theEnding();
        assertEquals(TransferOutcome.ABANDONED, ended.outcome());
        FakeChannel carol = fake.channels().stream().filter(f -> f.resource().equals("carol")).findFirst().orElseThrow();
        assertEquals(0, carol.count("call"), "the target was never called");
        assertEquals(ChannelState.DESTROYED, carol.channel().state());
        assertEquals(0, core.bridgeCount(), "the consultation is destroyed and home dissolves once its hold ends");
        assertEquals(ChannelState.DESTROYED, b.state(), "b, alone, followed its after-bridge policy");
        hangUpAll();
    }

    @Test
    void ofCrossingCompleteAndCancelTheFirstEndsTheTransferAndTheSecondIsRefused(TestCores cores) {
        call(cores);
        AttendedTransfer t = done(core.attendedTransfer(a, OutboundRequest.of("Fake", "carol")));
        fakeOf(t.target()).remote().answered();
        sim.runUntilQuiescent();
        CompletionStage<TransferOutcome> complete = t.complete();
        CompletionStage<TransferOutcome> cancel = t.cancel();
        assertEquals(TransferOutcome.COMPLETED, done(complete));
        CommandRejectedException r = assertInstanceOf(CommandRejectedException.class, sim.awaitFailure(cancel));
        assertTrue(r.getMessage().endsWith("has already begun to end"), r.getMessage());
        assertEquals(TransferOutcome.COMPLETED, done(t.outcome()));
        sim.runUntilQuiescent();
        assertEquals(List.of(b.id(), t.target().id()), home.snapshot().members());
        assertEquals(ChannelState.DESTROYED, a.state(), "the transferer left the consultation by its policy");
        assertEquals(TransferOutcome.COMPLETED, theEnding().outcome());
        hangUpAll();
    }

    @Test
    void aCancelReturnsTheTransfererAndTakesTheTransfereeOffHold(TestCores cores) {
        call(cores);
        AttendedTransfer t = done(core.attendedTransfer(a, OutboundRequest.of("Fake", "carol")));
        assertFalse(heard(b, Control.UNHOLD));
        assertEquals(TransferOutcome.CANCELLED, done(t.cancel()));
        sim.runUntilQuiescent();
        assertTrue(heard(b, Control.UNHOLD));
        assertEquals(List.of(b.id(), a.id()), home.snapshot().members());
        assertEquals(TransferOutcome.CANCELLED, theEnding().outcome());
        hangUpAll();
    }

    @Test
    void aCancelThatFindsTheTransfererGoneAbandonsTheTransfer(TestCores cores) {
        call(cores);
        AttendedTransfer t = done(core.attendedTransfer(a, OutboundRequest.of("Fake", "carol")));
        CompletionStage<TransferOutcome> cancel = t.cancel();
        a.hangup(HangupCause.NORMAL_CLEARING); // a is gone before the cancel's move of it
        assertEquals(TransferOutcome.ABANDONED, done(cancel), "nobody is left to connect b with");
        sim.runUntilQuiescent();
        assertEquals(TransferOutcome.ABANDONED, theEnding().outcome());
        assertEquals(0, core.bridgeCount());
        assertEquals(ChannelState.DESTROYED, b.state(), "b, alone, followed its after-bridge policy");
        hangUpAll();
    }

    @Test
    void aTransferWithNobodyToTransferEndsAtOnceLeavingTheTransfererWithTheTarget(TestCores cores) {
        core = cores.simulated(sim, x -> { }, fake);
        a = answered("a");
        home = core.createBridge(BridgeOptions.conference());
        done(home.join(a, JoinOptions.HANG_UP_AFTER));
        AttendedTransfer t = done(core.attendedTransfer(a, OutboundRequest.of("Fake", "carol")));
        assertEquals(TransferOutcome.TRANSFEREE_HUNG_UP, done(t.outcome()));
        sim.runUntilQuiescent();
        assertTrue(a.snapshot().isLive(), "the transferer is not hung up by a consultation dissolving under it");
        assertEquals(a.snapshot().bridge(), t.target().snapshot().bridge());
        assertEquals(1, fakeOf(t.target()).count("call"), "the target is still called");
        hangUpAll();
    }

    @Test
    void aTransferWithNobodyToTransferAndATargetThatNeverGetsInIsAbandoned(TestCores cores) {
        core = cores.simulated(sim, x -> { }, fake);
        a = answered("a");
        home = core.createBridge(BridgeOptions.conference());
        done(home.join(a, JoinOptions.HANG_UP_AFTER));
        CompletionStage<AttendedTransfer> started = core.attendedTransfer(a, OutboundRequest.of("Fake", "carol"));
        core.channels().stream().filter(s -> s.destination().equals("carol")).findFirst()
                .flatMap(s -> core.channel(s.id())).orElseThrow()
                .hangup(HangupCause.USER_BUSY); // gone before the transfer brings it into the consultation
        AttendedTransfer t = done(started);
        assertEquals(TransferOutcome.ABANDONED, done(t.outcome()), "nobody is left to connect the transferer with");
        sim.runUntilQuiescent();
        assertEquals(0, fakeOf(t.target()).count("call"));
        assertEquals(0, core.bridgeCount());
        assertEquals(ChannelState.DESTROYED, a.state(), "alone in the consultation, a followed its policy");
        hangUpAll();
    }

    @Test
    void oneOfTwoTransfereesHangingUpDoesNotEndTheTransfer(TestCores cores) {
        core = cores.simulated(sim, x -> { }, fake);
        a = answered("a");
        b = answered("b");
        Channel b2 = answered("b2");
        home = core.createBridge(BridgeOptions.conference());
        for (Channel ch : List.of(a, b, b2)) {
            done(home.join(ch, JoinOptions.HANG_UP_AFTER));
        }
        AttendedTransfer t = done(core.attendedTransfer(a, OutboundRequest.of("Fake", "carol")));
        assertTrue(heard(b, Control.HOLD) && heard(b2, Control.HOLD), "every transferee is put on hold");
        done(b.hangup(HangupCause.NORMAL_CLEARING));
        sim.runUntilQuiescent();
        assertFalse(t.outcome().toCompletableFuture().isDone(), "b2 is still there to be transferred");
        fakeOf(t.target()).remote().answered();
        assertEquals(TransferOutcome.COMPLETED, done(t.complete()));
        sim.runUntilQuiescent();
        assertEquals(List.of(b2.id(), t.target().id()), home.snapshot().members());
        hangUpAll();
    }

    /**
     * The transferee hangs up at a random point of the transfer's start. Either the start fails (home dissolved
     * first: nobody to transfer) or the transfer ends TRANSFEREE_HUNG_UP with the transferer and the target together,
     * never with the consultation dissolved under the transferer because the target was not in it yet.
     */
    @Test
    void aTransfereeHangingUpWhileTheTransferStartsNeverCostsTheTransfererItsCall() {
        Seeds.forEach("transferee gone at the start", 71_000, 1_000, seed -> {
            Simulation s = new Simulation(seed);
            FakeTech f = new FakeTech();
            ChannelCore c = s.coreBuilder().tech(f).build();
            Channel[] ab = {BridgeInvariants.answered(s, c, f, "a"), BridgeInvariants.answered(s, c, f, "b")};
            BridgeInvariants.call(s, c, ab[0], ab[1]);
            CompletionStage<AttendedTransfer> started = c.attendedTransfer(ab[0], OutboundRequest.of("Fake", "carol"));
            BridgeInvariants.later(s, s.random().nextInt(12), () -> ab[1].hangup(HangupCause.NORMAL_CLEARING));
            s.runUntilQuiescent();
            assertTrue(started.toCompletableFuture().isDone());
            if (!started.toCompletableFuture().isCompletedExceptionally()) {
                AttendedTransfer t = started.toCompletableFuture().join();
                TransferOutcome o = s.await(t.outcome());
                s.runUntilQuiescent();
                if (o == TransferOutcome.TRANSFEREE_HUNG_UP) {
                    assertTrue(ab[0].snapshot().isLive(), "the transferer lost its call: " + ab[0].snapshot());
                    assertEquals(ab[0].snapshot().bridge(), t.target().snapshot().bridge());
                    assertEquals(1, f.channelOf(t.target()).count("call"));
                } else {
                    assertEquals(TransferOutcome.ABANDONED, o);
                }
            }
            BridgeInvariants.hangUpAll(c);
            s.runAll();
            Invariants.assertClean(s, c, f);
        });
    }
}
