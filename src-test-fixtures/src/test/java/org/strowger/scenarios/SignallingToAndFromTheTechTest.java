package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.Party;
import org.strowger.api.StrowgerException;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.DtmfBegan;
import org.strowger.api.event.DtmfDirection;
import org.strowger.api.event.DtmfEnded;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.DtmfBegin;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.TextFrame;
import org.strowger.testkit.Callback;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * Signalling between an application and the tech of one channel: sent DTMF (its events, its timing, a failing
 * tech), connected-line updates both ways (the snapshot, the tech, the owner), an answer arriving as a control frame,
 * and the errors of the indicate commands. On the simulation.
 */
@ExtendWith(NoLeakExtension.class)
class SignallingToAndFromTheTechTest {
    private final Simulation sim = new Simulation(11);
    private final FakeTech fake = new FakeTech();
    private final RecordingApp app = new RecordingApp();
    private final ConcurrentLinkedQueue<CoreEvent> events = new ConcurrentLinkedQueue<>();

    private ChannelCore core(TestCores cores) {
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> app), fake);
        core.subscribe(EventFilter.all(), events::add,
                SubscribeOptions.defaults().onPool());
        return core;
    }

    private List<Object> dtmfEvents() {
        return events.stream().<Object>map(e -> switch (e) {
            case DtmfBegan b -> "began " + b.direction() + " " + b.digit();
            case DtmfEnded d -> "ended " + d.direction() + " " + d.digit() + " " + d.duration().toMillis();
            default -> null;
        }).filter(o -> o != null).toList();
    }

    @Test
    void sendDtmfBeginsNowEndsAfterItsDurationAndReportsBothAsSent(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "bob"));
        sim.runAll();
        FakeChannel fc = fake.channelOf(ch);
        var sent = ch.sendDtmf('7', Duration.ofMillis(250)).toCompletableFuture();
        sim.runFor(Duration.ofMillis(249));
        assertEquals(List.of("newChannel", "dtmfBegin"), fc.callbackNames());
        assertTrue(!sent.isDone(), "completes when the digit has ended");
        sim.runFor(Duration.ofMillis(1));
        assertTrue(sent.isDone());
        assertEquals(List.of("newChannel", "dtmfBegin", "dtmfEnd"), fc.callbackNames());
        assertEquals(List.of("began SENT 7", "ended SENT 7 250"), dtmfEvents());

        sim.await(ch.sendDtmf('#', Duration.ofSeconds(60))); // the longest allowed
        assertThrows(InvalidArgumentException.class, () -> ch.sendDtmf('#', Duration.ofSeconds(60).plusNanos(1)));
        sim.await(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aHangUpWhileADigitIsBeingSentFailsItsStageAtOnceAndSendsNoEnd(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "bob"));
        sim.runAll();
        FakeChannel fc = fake.channelOf(ch);
        var sent = ch.sendDtmf('5', Duration.ofSeconds(10)).toCompletableFuture();
        sim.runFor(Duration.ofMillis(100));
        fc.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofMillis(1));
        assertTrue(sent.isCompletedExceptionally(), "failed with the hang-up, not 10 s later (a shutdown may stop the"
                + " timer that would have ended it)");
        assertInstanceOf(NoSuchChannelException.class, sim.awaitFailure(sent));
        sim.runFor(Duration.ofSeconds(11));
        assertEquals(List.of("newChannel", "dtmfBegin", "hangup", "close"), fc.callbackNames());
    }

    @Test
    void aTechFailingToBeginADigitFailsTheCommandHangsUpAndNeverEndsIt(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "bob"));
        sim.runAll();
        fake.failOn("dtmfBegin");
        Throwable t = sim.awaitFailure(ch.sendDtmf('1', Duration.ofMillis(100)));
        assertInstanceOf(StrowgerException.class, t);
        assertTrue(t.getMessage().contains("dtmfBegin"), t.getMessage());
        sim.runAll();
        FakeChannel fc = fake.channelOf(ch);
        assertEquals(List.of("newChannel", "dtmfBegin", "hangup", "close"), fc.callbackNames());
        assertEquals(HangupCause.TECH_FAULT, ch.snapshot().hangupCause());
        assertEquals(1, core.stats().callbackFaults());
    }

    @Test
    void writtenDtmfFramesReachTheTechAndAreReportedAsSent(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "bob"));
        sim.runAll();
        ch.write(new DtmfBegin('3'));
        ch.write(new DtmfEnd('3', Duration.ofMillis(90)));
        sim.runAll();
        assertEquals(List.of("newChannel", "dtmfBegin", "dtmfEnd"), fake.channelOf(ch).callbackNames());
        assertEquals(List.of("began SENT 3", "ended SENT 3 90"), dtmfEvents());
        sim.await(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void writtenSignallingKeepsItsOrderWithCommands(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "bob"));
        sim.runAll();
        ch.write(new TextFrame("first"));
        ch.indicate(Control.PROGRESS);
        ch.write(new TextFrame("second"));
        sim.runAll();
        assertEquals(List.of("newChannel", "sendText", "indicate", "sendText"), fake.channelOf(ch).callbackNames());
        assertEquals("first", fake.channelOf(ch).argumentOf("sendText"));
        sim.await(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void connectedLineUpdatesReachTheTechAndTheSnapshotWhicheverWayTheyAreSent(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "bob"));
        sim.runAll();
        FakeChannel fc = fake.channelOf(ch);
        Party carol = Party.of("Carol", "300");
        sim.await(ch.updateConnectedLine(carol));
        assertEquals(carol, ch.snapshot().connected());
        assertEquals(ControlFrame.connectedLine(carol), fc.argumentOf("indicate"));

        Party dave = Party.of("Dave", "400");
        long version = ch.snapshot().version();
        ch.write(ControlFrame.connectedLine(dave));
        sim.runAll();
        assertEquals(dave, ch.snapshot().connected());
        assertTrue(ch.snapshot().version() > version, "a new snapshot version");
        ch.write(ControlFrame.of(Control.PROGRESS)); // other indications leave the connected party alone
        sim.runAll();
        assertEquals(dave, ch.snapshot().connected());
        List<Object> indicated = fc.callbacks().stream().filter(c -> c.name().equals("indicate"))
                .map(Callback::argument).toList();
        assertEquals(List.of(ControlFrame.connectedLine(carol), ControlFrame.connectedLine(dave),
                ControlFrame.of(Control.PROGRESS)), indicated);
        sim.await(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aConnectedLineFromTheFarEndUpdatesTheSnapshotAndTellsTheOwner(TestCores cores) {
        core(cores);
        FakeChannel fc = fake.inbound("alice", "100");
        sim.runAll();
        Channel ch = fc.channel();
        Party erin = Party.of("Erin", "500");
        fc.remote().receive(ControlFrame.connectedLine(erin));
        sim.runAll();
        assertEquals(erin, ch.snapshot().connected());
        assertEquals(List.of("attach", "event ControlReceived[control=" + ControlFrame.connectedLine(erin) + "]"),
                app.log(ch));
        sim.await(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void anAnswerArrivingAsAControlFrameAnswersAnOutboundCall(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "bob"));
        sim.await(ch.attach(app));
        sim.await(ch.call());
        fake.channelOf(ch).remote().receive(ControlFrame.of(Control.ANSWER));
        sim.runAll();
        assertEquals(ChannelState.UP, ch.state());
        assertTrue(ch.snapshot().answeredAtMillis() > 0);
        assertEquals(List.of("attach", "event StateChanged[from=DOWN, to=DIALING]",
                "event StateChanged[from=DIALING, to=UP]"), app.log(ch), "no ControlReceived for the answer");
        sim.await(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void ringingMovesOnlyADialingOutboundCallToRinging(TestCores cores) {
        ChannelCore core = core(cores);
        Channel down = core.request(OutboundRequest.of("Fake", "bob"));
        FakeChannel in = fake.inbound("alice", "100");
        sim.runAll();
        fake.channelOf(down).remote().ringing(); // not called yet: no state change
        in.remote().ringing(); // inbound: stays RING
        sim.runAll();
        assertEquals(ChannelState.DOWN, down.state());
        assertEquals(ChannelState.RING, in.channel().state());
        sim.await(down.call());
        fake.channelOf(down).remote().ringing();
        sim.runAll();
        assertEquals(ChannelState.RINGING, down.state());
        sim.await(down.hangup(HangupCause.NORMAL_CLEARING));
        sim.await(in.channel().hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void indicateAndConnectedLineErrorsSayWhatIsWrong(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "bob"));
        sim.runAll();
        assertEquals("control must not be null",
                assertThrows(InvalidArgumentException.class, () -> ch.indicate(null)).getMessage());
        assertEquals("use updateConnectedLine(Party) for CONNECTED_LINE",
                assertThrows(InvalidArgumentException.class, () -> ch.indicate(Control.CONNECTED_LINE)).getMessage());
        assertEquals("party must not be null",
                assertThrows(InvalidArgumentException.class, () -> ch.updateConnectedLine(null)).getMessage());
        sim.await(ch.hangup(HangupCause.NORMAL_CLEARING));
    }
}
