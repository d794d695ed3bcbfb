package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.strowger.dialing.DialFixtures.done;
import static org.strowger.dialing.DialFixtures.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.DialBegan;
import org.strowger.api.event.DialEnded;
import org.strowger.api.event.DialStatus;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** A dial's legs report DialBegan (naming the caller and target) and exactly one DialEnded with the leg's outcome. */
@ExtendWith(NoLeakExtension.class)
class DialEventsTest {
    @Test
    void eachLegOfARingGroupBeginsAndEndsItsDialOnce(TestCores cores) {
        Simulation sim = new Simulation(41);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> new RecordingApp()), fakeTech);
        List<CoreEvent> events = new ArrayList<>();
        core.subscribe(EventFilter.all().withKinds(EventKind.DIAL_BEGAN, EventKind.DIAL_ENDED), events::add,
                SubscribeOptions.defaults().onPool());
        new DialFixtures.FarEnds(sim, fakeTech)
                .at("busy", 5, s -> s.busy())
                .at("answers", 10, s -> s.answered());
        Channel caller = fakeTech.inbound("alice", "100").channel();
        sim.runUntilQuiescent();
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("busy"), fake("answers"), fake("rings")))
                .withCaller(caller)).result());
        assertEquals(DialOutcome.ANSWERED, r.outcome());
        sim.runUntilQuiescent();

        Map<String, List<CoreEvent>> byLeg = new TreeMap<>();
        for (CoreEvent e : events) {
            String leg = e instanceof DialBegan b ? b.channelName() : ((DialEnded) e).channelName();
            byLeg.computeIfAbsent(leg.substring(leg.indexOf('/') + 1, leg.lastIndexOf('-')), k -> new ArrayList<>())
                    .add(e);
        }
        assertEquals(List.of("answers", "busy", "rings"), List.copyOf(byLeg.keySet()));
        Map<String, DialStatus> expected = Map.of("answers", DialStatus.ANSWERED, "busy", DialStatus.BUSY,
                "rings", DialStatus.CANCELLED);
        byLeg.forEach((leg, stream) -> {
            assertEquals(2, stream.size(), leg + ": one begin, one end");
            DialBegan begin = (DialBegan) stream.get(0);
            DialEnded end = (DialEnded) stream.get(1);
            assertEquals("Fake/" + leg, begin.target());
            assertEquals(caller.id(), begin.caller().id());
            assertEquals(caller.linkedId(), begin.linkedId(), "a leg is in its caller's call");
            assertEquals(expected.get(leg), end.status(), leg);
            assertEquals(caller.id(), end.caller().id());
        });
        assertNull(((DialEnded) byLeg.get("answers").get(1)).cause(), "the winner is still up");
        assertEquals(HangupCause.ANSWERED_ELSEWHERE, ((DialEnded) byLeg.get("rings").get(1)).cause());
        done(sim, caller.hangup(HangupCause.NORMAL_CLEARING));
        done(sim, r.winner().hangup(HangupCause.NORMAL_CLEARING));
    }
}
