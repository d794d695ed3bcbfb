package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.DtmfBegan;
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
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * What one member of a two-party bridge receives from its far end and what its peer's tech then sees: DTMF begins and
 * ends, text and indications each once, an answer never; the received DTMF is reported in the member's stream. With
 * feature codes set, begins are held back and held digits are passed on as begin/end pairs, and an interdigit timer
 * of digits already passed on does not release digits held after them.
 */
@ExtendWith(NoLeakExtension.class)
class TwoPartyPassThroughTest {
    private final Simulation sim = new Simulation(31);
    private final FakeTech fake = new FakeTech();
    private final ConcurrentLinkedQueue<CoreEvent> events = new ConcurrentLinkedQueue<>();
    private Channel a;
    private Channel b;
    private Bridge bridge;

    private void bridged(TestCores cores) {
        ChannelCore core = cores.simulated(sim, x -> { }, fake);
        core.subscribe(EventFilter.all(), events::add, SubscribeOptions.defaults().onPool());
        a = core.request(OutboundRequest.of("Fake", "a"));
        b = core.request(OutboundRequest.of("Fake", "b"));
        bridge = core.createBridge(BridgeOptions.call());
        sim.await(bridge.join(a, JoinOptions.HANG_UP_AFTER));
        sim.await(bridge.join(b, JoinOptions.HANG_UP_AFTER));
    }

    /** What b's tech was asked to do since it was bridged, as short strings. */
    private List<String> seenByB() {
        List<String> out = new ArrayList<>();
        for (Callback c : fake.channelOf(b).callbacks()) {
            if (c.argument() instanceof ControlFrame cf && cf.control() == Control.SRC_UPDATE) {
                continue; // the bridge forming changed b's source; signals are what these tests count
            }
            switch (c.name()) {
                case "dtmfBegin", "dtmfEnd", "sendText", "indicate" -> out.add(c.name() + " " + c.argument());
                default -> {
                }
            }
        }
        return out;
    }

    private void fromA(Object... frames) {
        FakeChannel fa = fake.channelOf(a);
        for (Object f : frames) {
            fa.remote().receive((org.strowger.api.frame.Frame) f);
            sim.runUntilQuiescent();
        }
    }

    private static DtmfEnd end(char d) {
        return new DtmfEnd(d, Duration.ofMillis(80));
    }

    @Test
    void everySignalReachesThePeerOnceButAnAnswerDoesNot(TestCores cores) {
        bridged(cores);
        fromA(new DtmfBegin('4'), end('4'), new TextFrame("hi"), ControlFrame.of(Control.PROGRESS),
                ControlFrame.of(Control.ANSWER));
        assertEquals(List.of("dtmfBegin 4", "dtmfEnd 4", "sendText hi",
                "indicate " + ControlFrame.of(Control.PROGRESS)), seenByB());
        List<String> received = new ArrayList<>();
        for (CoreEvent e : events) {
            if (e instanceof DtmfBegan x && x.channelId().equals(a.id())) {
                received.add("began " + x.direction() + " " + x.digit());
            } else if (e instanceof DtmfEnded x && x.channelId().equals(a.id())) {
                received.add("ended " + x.direction() + " " + x.digit());
            }
        }
        assertEquals(List.of("began RECEIVED 4", "ended RECEIVED 4"), received);
        sim.await(bridge.destroy());
    }

    @Test
    void withFeatureCodesBeginsAreHeldAndHeldDigitsArePassedOnAsPairs(TestCores cores) {
        bridged(cores);
        sim.await(bridge.addDtmfHook("*1", (br, member, seq) -> { }));
        fromA(new DtmfBegin('5'), end('5'));
        assertEquals(List.of("dtmfBegin 5", "dtmfEnd 5"), seenByB(), "a non-prefix passes at once, as a pair");
        fromA(new DtmfBegin('*'), end('*'));
        assertEquals(2, seenByB().size(), "a prefix is held");
        fromA(new DtmfBegin('9'), end('9'));
        assertEquals(List.of("dtmfBegin 5", "dtmfEnd 5", "dtmfBegin *", "dtmfEnd *", "dtmfBegin 9", "dtmfEnd 9"),
                seenByB(), "a mismatch passes every held digit on as a pair, in order");
        sim.await(bridge.destroy());
    }

    @Test
    void aStaleInterdigitTimerDoesNotReleaseDigitsHeldAfterIt(TestCores cores) {
        bridged(cores);
        List<String> fired = new ArrayList<>();
        sim.await(bridge.addDtmfHook("*1", (br, member, seq) -> fired.add(seq)));
        fromA(end('*')); // held; its timer is due in 2 s
        sim.runFor(Duration.ofMillis(500));
        fromA(end('*')); // "**" is no prefix: both passed on
        sim.runFor(Duration.ofMillis(1000));
        fromA(end('*')); // held again, with a new timer due at 3.5 s
        sim.runFor(Duration.ofMillis(700)); // the first timer (2 s) has fired meanwhile
        fromA(end('1'));
        assertEquals(List.of("*1"), fired, "the digit held last still completed the feature code");
        assertEquals(List.of("dtmfBegin *", "dtmfEnd *", "dtmfBegin *", "dtmfEnd *"), seenByB());
        sim.await(bridge.destroy());
    }
}
