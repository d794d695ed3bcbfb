package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Application;
import org.strowger.api.BlockingOnOwnerThreadException;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.OwnerKind;
import org.strowger.api.Party;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.TextFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** The channel lifecycle and the command contracts, on the deterministic simulation. */
@ExtendWith(NoLeakExtension.class)
class ChannelLifecycleTest {
    private final Simulation sim = new Simulation(42);
    private final FakeTech fake = new FakeTech();
    private final RecordingApp app = new RecordingApp();

    private ChannelCore core(TestCores cores) {
        return cores.simulated(sim, b -> b.inboundHandler(ch -> app), fake);
    }

    private FakeChannel fakeOf(Channel ch) {
        return fake.channelOf(ch);
    }

    private <T> T done(CompletionStage<T> stage) {
        sim.runAll();
        CompletableFuture<T> f = stage.toCompletableFuture();
        assertTrue(f.isDone(), "stage not completed");
        return f.join();
    }

    private Throwable failure(CompletionStage<?> stage) {
        sim.runAll();
        CompletableFuture<?> f = stage.toCompletableFuture();
        assertTrue(f.isCompletedExceptionally(), "stage did not fail");
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return e.getCause();
    }

    @Test
    void inboundCallIsRoutedAnsweredAndHungUpOnce(TestCores cores) {
        ChannelCore core = core(cores);
        FakeChannel fc = fake.inbound("alice", "100");
        sim.runAll();
        Channel ch = fc.channel();
        assertEquals(ChannelState.RING, ch.state());
        assertEquals(Direction.INBOUND, ch.direction());
        assertEquals(ch.id(), ch.linkedId());
        assertTrue(ch.name().startsWith("Fake/alice-"), ch.name());
        assertEquals(OwnerKind.APPLICATION, ch.snapshot().ownerKind());
        assertEquals(List.of("attach"), app.log(ch));

        done(ch.answer());
        assertEquals(ChannelState.UP, ch.state());
        assertTrue(ch.snapshot().answeredAtMillis() > 0);

        fc.remote().receive(new DtmfEnd('5', Duration.ofMillis(80)));
        fc.remote().receive(new TextFrame("hi\nthere"));
        fc.remote().hangup(HangupCause.NORMAL_CLEARING);
        fc.remote().hangup(HangupCause.USER_BUSY); // a duplicate from the network: ignored
        sim.runAll();

        assertEquals(ChannelState.DESTROYED, ch.state());
        assertEquals(HangupCause.NORMAL_CLEARING, ch.snapshot().hangupCause());
        assertEquals(List.of("newChannel", "answer", "hangup", "close"), fc.callbackNames());
        assertEquals(List.of("attach", "event StateChanged[from=RING, to=UP]",
                "event DtmfEnded[digit=5, duration=PT0.08S]", "event TextReceived[text=hi\nthere]",
                "event HungUp[cause=NORMAL_CLEARING]", "detach HANGUP"), app.log(ch));
        assertTrue(core.channel(ch.id()).isEmpty());
        assertTrue(core.channelByName(ch.name()).isEmpty());
        assertEquals(List.of(), app.violations());
    }

    @Test
    void outboundCallGoesDownDialingRingingUpAndTheTechSeesEachStep(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "bob").withCaller(Party.of("Alice", "100")));
        assertEquals(ChannelState.DOWN, ch.state());
        done(ch.attach(app));
        done(ch.call());
        assertEquals(ChannelState.DIALING, ch.state());
        FakeChannel fc = fake.channels().get(0);
        fc.remote().proceeding();
        fc.remote().ringing();
        fc.remote().progress();
        fc.remote().answered();
        fc.remote().answered(); // duplicate answer: ignored
        sim.runAll();
        assertEquals(ChannelState.UP, ch.state());
        assertEquals(List.of("attach", "event StateChanged[from=DOWN, to=DIALING]",
                "event ControlReceived[control=ControlFrame[control=PROCEEDING, party=null]]",
                "event StateChanged[from=DIALING, to=RINGING]",
                "event ControlReceived[control=ControlFrame[control=RINGING, party=null]]",
                "event ControlReceived[control=ControlFrame[control=PROGRESS, party=null]]",
                "event StateChanged[from=RINGING, to=UP]"), app.log(ch));
        done(ch.hangup(HangupCause.NORMAL_CLEARING));
        assertEquals(List.of("newChannel", "call", "hangup", "close"), fc.callbackNames());
        assertEquals(new Party("Alice", "100"), ch.snapshot().caller());
    }

    @Test
    void wrongStateCommandsAreRejectedWithAReasonAndChangeNothing(TestCores cores) {
        ChannelCore core = core(cores);
        Channel out = core.request(OutboundRequest.of("Fake", "bob"));
        CommandRejectedException e = assertInstanceOf(CommandRejectedException.class, failure(out.answer()));
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, e.reason());
        done(out.call());
        e = assertInstanceOf(CommandRejectedException.class, failure(out.call()));
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, e.reason());
        assertEquals(ChannelState.DIALING, out.state());
        e = assertInstanceOf(CommandRejectedException.class, failure(out.detach()));
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, e.reason());
        FakeChannel in = fake.inbound("alice", "1");
        sim.runAll();
        e = assertInstanceOf(CommandRejectedException.class, failure(in.channel().call()));
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, e.reason());
        done(out.hangup(HangupCause.NORMAL_CLEARING));
        done(in.channel().hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void commandsOnAHungUpChannelFailWithNoSuchChannelAndStaleHandlesStayUsable(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "bob"));
        CompletionStage<Void> hangup = ch.hangup(HangupCause.NORMAL_CLEARING);
        CompletionStage<Void> queuedBehind = ch.indicate(Control.RINGING);
        done(hangup);
        NoSuchChannelException e = assertInstanceOf(NoSuchChannelException.class, failure(queuedBehind));
        assertEquals(ch.id(), e.channelId());
        e = assertInstanceOf(NoSuchChannelException.class, failure(ch.hangup(HangupCause.USER_BUSY)));
        assertEquals(NoSuchChannelException.Reason.DESTROYED, e.reason());
        assertFalse(ch.write(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0)));
        assertFalse(fake.channels().get(0).remote().receive(new TextFrame("late")));
        assertEquals(HangupCause.NORMAL_CLEARING, ch.snapshot().hangupCause());
        NoSuchChannelException unknown = assertThrows(NoSuchChannelException.class, () -> core.requireChannel(ch.id()));
        assertEquals(NoSuchChannelException.Reason.UNKNOWN, unknown.reason());
    }

    @Test
    void badArgumentsThrowSynchronouslyAndQueueNothing(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "bob"));
        sim.runAll();
        int before = fake.channels().get(0).callbackNames().size();
        assertThrows(InvalidArgumentException.class, () -> ch.hangup(null));
        assertThrows(InvalidArgumentException.class, () -> ch.indicate(null));
        assertThrows(InvalidArgumentException.class, () -> ch.indicate(Control.CONNECTED_LINE));
        assertThrows(InvalidArgumentException.class, () -> ch.updateConnectedLine(null));
        assertThrows(InvalidArgumentException.class, () -> ch.sendDtmf('x', Duration.ofMillis(10)));
        assertThrows(InvalidArgumentException.class, () -> ch.sendDtmf('1', Duration.ofMillis(-1)));
        assertThrows(InvalidArgumentException.class, () -> ch.sendDtmf('1', null));
        assertThrows(InvalidArgumentException.class, () -> ch.sendText(null));
        assertThrows(InvalidArgumentException.class, () -> ch.sendText("x".repeat(TextFrame.MAX_LENGTH + 1)));
        assertThrows(InvalidArgumentException.class, () -> ch.write(null));
        assertThrows(InvalidArgumentException.class, () -> ch.setVariable(null, "v"));
        assertThrows(InvalidArgumentException.class, () -> ch.setVariable("bad name", "v"));
        assertThrows(InvalidArgumentException.class, () -> ch.setVariable("__", "v"));
        assertThrows(InvalidArgumentException.class, () -> ch.attach(null));
        assertThrows(InvalidArgumentException.class, () -> core.request(null));
        assertThrows(InvalidArgumentException.class, () -> core.channel(null));
        assertThrows(InvalidArgumentException.class, () -> core.channelByName(null));
        assertThrows(InvalidArgumentException.class, () -> core.unregisterTech("NoSuch"));
        assertThrows(InvalidArgumentException.class, () -> core.registerTech(new FakeTech("bad name")));
        assertThrows(InvalidArgumentException.class, () -> core.registerTech(new FakeTech("Fake")));
        assertThrows(InvalidArgumentException.class, () -> OutboundRequest.of("Fake", "a\nb"));
        assertThrows(InvalidArgumentException.class, () -> core.request(OutboundRequest.of("Fake", "x").withId(ChannelId.of("sim-99"))));
        sim.runAll();
        assertEquals(before, fake.channels().get(0).callbackNames().size());
        assertEquals(1, core.channelCount());
        done(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void unknownTechDuplicateIdsAndMaxChannelsAreRejectedLeavingNothingBehind(TestCores cores) {
        ChannelCore core = cores.simulated(sim, b -> b.maxChannels(2), fake);
        CommandRejectedException e = assertThrows(CommandRejectedException.class,
                () -> core.request(OutboundRequest.of("SIP", "bob")));
        assertEquals(CommandRejectedException.Reason.UNKNOWN_TECH, e.reason());
        Channel a = core.request(OutboundRequest.of("Fake", "a").withId(ChannelId.of("call-1")));
        e = assertThrows(CommandRejectedException.class,
                () -> core.request(OutboundRequest.of("Fake", "b").withId(ChannelId.of("call-1"))));
        assertEquals(CommandRejectedException.Reason.DUPLICATE_ID, e.reason());
        Channel b = core.request(OutboundRequest.of("Fake", "b"));
        e = assertThrows(CommandRejectedException.class, () -> core.request(OutboundRequest.of("Fake", "c")));
        assertEquals(CommandRejectedException.Reason.LIMIT_REACHED, e.reason());
        e = assertThrows(CommandRejectedException.class, () -> fake.inbound("d", "1"));
        assertEquals(CommandRejectedException.Reason.LIMIT_REACHED, e.reason());
        assertEquals(2, core.channelCount());
        assertEquals(2, core.channelCount("Fake"));
        assertEquals(4, core.stats().channelsRejected());
        done(a.hangup(HangupCause.NORMAL_CLEARING));
        Channel again = core.request(OutboundRequest.of("Fake", "a").withId(ChannelId.of("call-1")));
        assertEquals(ChannelId.of("call-1"), again.id());
        done(again.hangup(HangupCause.NORMAL_CLEARING));
        done(b.hangup(HangupCause.NORMAL_CLEARING));
        assertEquals(3, fake.channels().size());
    }

    @Test
    void withoutAnInboundHandlerInboundCallsAreRejectedWithNoRoute(TestCores cores) {
        cores.simulated(sim, b -> { }, fake);
        FakeChannel fc = fake.inbound("alice", "100");
        sim.runAll();
        assertEquals(ChannelState.DESTROYED, fc.channel().state());
        assertEquals(HangupCause.NO_ROUTE_DESTINATION, fc.argumentOf("hangup"));
    }

    @Test
    void aHandlerReturningNullRejectsAndAThrowingHandlerIsContained(TestCores cores) {
        Application[] route = new Application[1];
        boolean[] throwNow = new boolean[1];
        cores.simulated(sim, b -> b.inboundHandler(ch -> {
            if (throwNow[0]) {
                throw new IllegalStateException("handler bug");
            }
            return route[0];
        }), fake);
        FakeChannel rejected = fake.inbound("a", "1");
        sim.runAll();
        assertEquals(HangupCause.NO_ROUTE_DESTINATION, rejected.argumentOf("hangup"));
        throwNow[0] = true;
        FakeChannel faulted = fake.inbound("b", "1");
        sim.runAll();
        assertEquals(HangupCause.APPLICATION_FAULT, faulted.argumentOf("hangup"));
    }

    @Test
    void aTechCallbackThatThrowsHangsUpOnlyItsChannel(TestCores cores) {
        ChannelCore core = core(cores);
        fake.failOn("indicate");
        Channel victim = core.request(OutboundRequest.of("Fake", "victim"));
        Channel bystander = core.request(OutboundRequest.of("Fake", "bystander"));
        done(bystander.call());
        Throwable t = failure(victim.indicate(Control.PROGRESS));
        assertTrue(t.getMessage().contains("indicate"), t.getMessage());
        assertEquals(HangupCause.TECH_FAULT, victim.snapshot().hangupCause());
        assertEquals(ChannelState.DESTROYED, victim.state());
        assertEquals(ChannelState.DIALING, bystander.state());
        assertEquals(1, core.stats().callbackFaults());
        assertEquals(List.of("newChannel", "indicate", "hangup", "close"), fakeOf(victim).callbackNames());
        done(bystander.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aThrowingNewChannelHangsUpWithTechFaultAndTheTechSeesNothingMore(TestCores cores) {
        ChannelCore core = core(cores);
        fake.failOn("newChannel");
        Channel ch = core.request(OutboundRequest.of("Fake", "x"));
        sim.runAll();
        assertEquals(HangupCause.TECH_FAULT, ch.snapshot().hangupCause());
        assertEquals(0, core.channelCount());
        assertEquals(List.of(), fake.channels());
    }

    @Test
    void anApplicationThatThrowsIsContainedAndStillDetachedOnce(TestCores cores) {
        ChannelCore core = core(cores);
        RecordingApp bad = new RecordingApp() {
            @Override
            public void onEvent(Channel channel, ChannelEvent event) {
                super.onEvent(channel, event);
                if (event instanceof ChannelEvent.DtmfEnded) {
                    throw new IllegalStateException("app bug");
                }
            }
        };
        Channel ch = core.request(OutboundRequest.of("Fake", "x"));
        done(ch.attach(bad));
        fake.channels().get(0).remote().receive(new DtmfEnd('1', Duration.ZERO));
        sim.runAll();
        assertEquals(HangupCause.APPLICATION_FAULT, ch.snapshot().hangupCause());
        assertEquals("detach HANGUP", bad.log(ch).get(bad.log(ch).size() - 1));
        assertEquals(1, bad.log(ch).stream().filter(s -> s.startsWith("detach")).count());
    }

    @Test
    void ownershipIsHandedOverOnlyWhenTheOwnerLetsGo(TestCores cores) {
        ChannelCore core = core(cores);
        RecordingApp first = new RecordingApp().refusingRelease();
        RecordingApp second = new RecordingApp();
        Channel ch = core.request(OutboundRequest.of("Fake", "x"));
        done(ch.attach(first));
        CommandRejectedException e = assertInstanceOf(CommandRejectedException.class, failure(ch.attach(second)));
        assertEquals(CommandRejectedException.Reason.OWNER_REFUSED, e.reason());
        assertEquals(first.name(), ch.snapshot().ownerName());
        RecordingApp third = new RecordingApp();
        done(ch.detach());
        assertEquals(OwnerKind.NONE, ch.snapshot().ownerKind());
        done(ch.attach(second));
        done(ch.attach(third));
        assertEquals(List.of("attach", "release? RecordingApp", "detach DETACHED"), first.log(ch));
        assertEquals(List.of("attach", "release? RecordingApp", "detach HANDED_OVER"), second.log(ch));
        assertEquals(List.of("attach"), third.log(ch));
        done(ch.hangup(HangupCause.NORMAL_CLEARING));
        assertEquals(List.of("attach", "event HungUp[cause=NORMAL_CLEARING]", "detach HANGUP"), third.log(ch));
    }

    @Test
    void mediaFromTheFarEndReachesTheOwningApplicationInOrder(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "x"));
        done(ch.attach(app));
        FakeChannel fc = fake.channels().get(0);
        for (int i = 0; i < 10; i++) {
            sim.fork(() -> { });
            fc.remote().receive(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, i * 160L));
        }
        sim.runAll();
        List<String> media = app.log(ch).stream().filter(s -> s.startsWith("media")).toList();
        assertEquals(List.of("media 0", "media 160", "media 320", "media 480", "media 640", "media 800", "media 960",
                "media 1120", "media 1280", "media 1440"), media);
        done(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aFullMediaLaneDropsTheOldestFramesAndCountsThem(TestCores cores) {
        ChannelCore core = cores.simulated(sim, b -> b.mediaQueueCapacity(4), fake);
        Channel ch = core.request(OutboundRequest.of("Fake", "x"));
        sim.runAll();
        for (int i = 0; i < 10; i++) {
            assertTrue(ch.write(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, i)));
        }
        sim.runAll();
        FakeChannel fc = fake.channels().get(0);
        List<Long> written = fc.callbacks().stream().filter(c -> c.name().equals("write"))
                .map(c -> ((VoiceFrame) c.argument()).timestamp()).toList();
        assertEquals(List.of(6L, 7L, 8L, 9L), written);
        assertEquals(6, ch.mediaFramesDropped());
        done(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void writeRoutesEachFrameKindToItsCallbackAndConnectedLineIsRecorded(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "x"));
        ch.write(new org.strowger.api.frame.DtmfBegin('1'));
        ch.write(new DtmfEnd('1', Duration.ofMillis(100)));
        ch.write(ControlFrame.of(Control.HOLD));
        ch.write(ControlFrame.connectedLine(Party.of("Bob", "200")));
        ch.write(new TextFrame("t"));
        ch.write(new org.strowger.api.frame.ComfortNoiseFrame(40));
        ch.write(org.strowger.api.frame.NullFrame.INSTANCE);
        sim.runAll();
        assertEquals(List.of("newChannel", "dtmfBegin", "dtmfEnd", "indicate", "indicate", "sendText", "comfortNoise"),
                fake.channels().get(0).callbackNames());
        assertEquals(Party.of("Bob", "200"), ch.snapshot().connected());
        done(ch.updateConnectedLine(Party.of("Carol", "300")));
        assertEquals(Party.of("Carol", "300"), ch.snapshot().connected());
        done(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void sendDtmfEndsTheDigitAfterItsDurationOnTheCoreClock(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "x"));
        CompletionStage<Void> dtmf = ch.sendDtmf('#', Duration.ofMillis(250));
        sim.runFor(Duration.ofMillis(249));
        assertEquals(List.of("newChannel", "dtmfBegin"), fake.channels().get(0).callbackNames());
        assertFalse(dtmf.toCompletableFuture().isDone());
        sim.runFor(Duration.ofMillis(1));
        assertTrue(dtmf.toCompletableFuture().isDone());
        assertEquals(List.of("newChannel", "dtmfBegin", "dtmfEnd"), fake.channels().get(0).callbackNames());
        CompletionStage<Void> cut = ch.sendDtmf('1', Duration.ofSeconds(1));
        sim.runFor(Duration.ofMillis(10));
        done(ch.hangup(HangupCause.NORMAL_CLEARING));
        assertInstanceOf(NoSuchChannelException.class, failure(cut));
    }

    @Test
    void variablesAreInheritedOneLevelWithUnderscoreAndForeverWithTwo(TestCores cores) {
        ChannelCore core = core(cores);
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        done(a.setVariable("_ONCE", "1"));
        done(a.setVariable("__ALWAYS", "2"));
        done(a.setVariable("LOCAL", "3"));
        assertEquals(Map.of("ONCE", "1", "ALWAYS", "2", "LOCAL", "3"), a.snapshot().variables());
        Channel b = core.request(OutboundRequest.of("Fake", "b").withRequester(a).withVariables(Map.of("X", "y")));
        assertEquals(Map.of("ONCE", "1", "ALWAYS", "2", "X", "y"), b.snapshot().variables());
        assertEquals(a.linkedId(), b.linkedId());
        Channel c = core.request(OutboundRequest.of("Fake", "c").withRequester(b));
        assertEquals(Map.of("ALWAYS", "2"), c.snapshot().variables());
        assertEquals(a.id(), c.linkedId());
        done(a.setVariable("LOCAL", null));
        assertTrue(a.variable("LOCAL").isEmpty());
        sim.runAll();
        assertEquals(Map.of("ONCE", "1", "ALWAYS", "2", "X", "y"),
                ((org.strowger.spi.OutboundSetup) fakeOf(b).argumentOf("newChannel")).variables());
        for (Channel ch : List.of(a, b, c)) {
            done(ch.hangup(HangupCause.NORMAL_CLEARING));
        }
    }

    @Test
    void continuationsRunOnTheCallersExecutorAndBlockingThereFailsFast(TestCores cores) {
        ChannelCore core = core(cores);
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        Channel b = core.request(OutboundRequest.of("Fake", "b"));
        boolean[] onA = new boolean[2];
        Throwable[] blocked = new Throwable[1];
        a.attach(new Application() {
            @Override
            public void onAttach(Channel channel) {
                b.setVariable("FROM_A", "1").thenRun(() -> onA[0] = a.inExecutor() && !b.inExecutor());
                try {
                    b.setVariable("X", "1").toCompletableFuture().join();
                } catch (BlockingOnOwnerThreadException e) {
                    blocked[0] = e;
                }
            }
        });
        sim.runAll();
        assertTrue(onA[0], "the continuation did not run on the caller's executor");
        assertInstanceOf(BlockingOnOwnerThreadException.class, blocked[0]);
        assertEquals("1", b.variable("FROM_A").orElseThrow());
        done(a.hangup(HangupCause.NORMAL_CLEARING));
        done(b.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void applicationsRunTasksAndTimersOnTheChannelsExecutor(TestCores cores) {
        ChannelCore core = core(cores);
        FakeChannel in = fake.inbound("alice", "100");
        sim.runAll();
        Channel ch = in.channel();
        assertEquals("100", ch.snapshot().destination());
        boolean[] ran = new boolean[3];
        done(ch.execute(() -> ran[0] = ch.inExecutor()));
        assertTrue(ran[0]);
        RuntimeException boom = new IllegalStateException("task bug");
        assertEquals(boom, failure(ch.execute(() -> {
            throw boom;
        })));
        assertTrue(ch.snapshot().isLive(), "a failing task must not hang the channel up");
        ch.schedule(Duration.ofSeconds(5), () -> ran[1] = ch.inExecutor());
        org.strowger.api.Cancellable cancelled = ch.schedule(Duration.ofSeconds(5), () -> ran[2] = true);
        assertTrue(cancelled.cancel());
        sim.runFor(Duration.ofMillis(4_999));
        assertFalse(ran[1]);
        sim.runFor(Duration.ofMillis(1));
        assertTrue(ran[1]);
        assertFalse(ran[2]);
        assertThrows(InvalidArgumentException.class, () -> ch.schedule(Duration.ofHours(25), () -> { }));
        assertThrows(InvalidArgumentException.class, () -> ch.execute(null));
        boolean[] late = new boolean[1];
        ch.schedule(Duration.ofSeconds(1), () -> late[0] = true);
        done(ch.hangup(HangupCause.NORMAL_CLEARING));
        sim.runAll();
        assertFalse(late[0], "a timer ran on a hung-up channel");
        assertInstanceOf(NoSuchChannelException.class, failure(ch.execute(() -> { })));
        Channel out = core.request(OutboundRequest.of("Fake", "bob"));
        assertEquals("bob", out.snapshot().destination());
        done(out.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aTechThatFailsToStartIsNotRegisteredAndTheBuilderReleasesItsCore() {
        FakeTech broken = new FakeTech("Broken");
        Simulation s = new Simulation(1);
        org.strowger.spi.ChannelTech failing = new org.strowger.spi.ChannelTech() {
            @Override
            public String name() {
                return "Failing";
            }

            @Override
            public void start(org.strowger.spi.TechContext context) {
                throw new IllegalStateException("no config");
            }

            @Override
            public org.strowger.spi.TechChannel newChannel(org.strowger.spi.OutboundSetup setup,
                    org.strowger.spi.ChannelSink sink) {
                throw new UnsupportedOperationException();
            }
        };
        assertThrows(org.strowger.api.StrowgerException.class, () -> s.coreBuilder().tech(broken).tech(failing).build());
        s.runAll();
        assertEquals(1, broken.stops(), "the partly built core was not shut down");
        assertThrows(InvalidArgumentException.class, () -> s.coreBuilder().tech(new FakeTech("bad name")).build());
    }

    @Test
    void shutdownHangsUpEverythingStopsTechsAndRefusesNewChannels(TestCores cores) {
        ChannelCore core = core(cores);
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        fake.inbound("b", "1");
        sim.runAll();
        CompletionStage<Void> down = core.shutdown();
        CommandRejectedException e = assertThrows(CommandRejectedException.class,
                () -> core.request(OutboundRequest.of("Fake", "c")));
        assertEquals(CommandRejectedException.Reason.SHUTTING_DOWN, e.reason());
        done(down);
        assertEquals(HangupCause.SYSTEM_SHUTDOWN, a.snapshot().hangupCause());
        assertEquals(1, fake.stops());
        assertEquals(0, core.channelCount());
        assertNull(fake.channels().stream().filter(c -> c.count("close") != 1).findAny().orElse(null));
    }
}
