package org.strowger.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Simulation;

/**
 * A subscriber or a sink that throws on everything is logged at most once per 10 s of the core's clock, each line
 * saying how many failures it did not log; on a simulation, so the 10 s are exact: failures at 1 s (logged), 9.5 s
 * (not) and 11 s (logged, exactly 10 s after the first line).
 */
class FailureLogRateTest {
    @Test
    void aThrowingSubscriberAndSinkAreLoggedAtMostEveryTenSeconds() {
        Simulation sim = new Simulation(1);
        FakeTech fake = new FakeTech();
        ChannelCore core = sim.coreBuilder().tech(fake)
                .callRecordSink(r -> {
                    throw new IllegalStateException("store down");
                }, CallRecordSinkOptions.defaults().onPool().withName("down").withFallback(r -> { }))
                .build();
        Subscription thrower = core.subscribe(EventFilter.all(), e -> {
            throw new IllegalStateException("subscriber bug");
        }, SubscribeOptions.defaults().onPool().withName("thrower"));
        CapturedLog.start();
        List<CapturedLog.Line> lines;
        long[] failures = new long[3];
        try {
            sim.runFor(Duration.ofSeconds(1));
            oneCall(sim, core);
            failures[0] = thrower.failures();
            sim.runFor(Duration.ofMillis(8_500)); // 9.5 s
            oneCall(sim, core);
            failures[1] = thrower.failures();
            sim.runFor(Duration.ofMillis(1_500)); // 11 s: 10 s after the first line
            oneCall(sim, core);
            failures[2] = thrower.failures();
        } finally {
            lines = CapturedLog.stop();
        }
        sim.await(core.shutdown());
        assertTrue(failures[0] > 1, "a call makes several events");

        List<String> subscriber = warnings(lines, "EventSubscription");
        assertEquals(2, subscriber.size(), subscriber.toString());
        assertTrue(subscriber.get(0).startsWith("event subscription thrower: the subscriber threw "
                + "java.lang.IllegalStateException: subscriber bug on a CHANNEL_CREATED event (1 failures in all, 0 "
                + "since the last line;"), subscriber.get(0));
        // the second line: the failures of the first call after its first, and all of the second call's, not logged
        long notLogged = failures[1] - 1;
        assertTrue(subscriber.get(1).contains("(" + (failures[1] + 1) + " failures in all, " + notLogged
                + " since the last line;"), subscriber.get(1) + " / " + java.util.Arrays.toString(failures));

        List<String> sink = warnings(lines, "CallRecordSinkRunner");
        assertEquals(2, sink.size(), sink.toString());
        assertTrue(sink.get(0).startsWith("call-record sink down: the sink threw java.lang.IllegalStateException: "
                + "store down (1 failures in all, 0 since the last line;"), sink.get(0));
        assertTrue(sink.get(1).startsWith("call-record sink down: the sink threw java.lang.IllegalStateException: "
                + "store down (3 failures in all, 1 since the last line;"), sink.get(1));
    }

    private static List<String> warnings(List<CapturedLog.Line> lines, String logger) {
        return lines.stream().filter(l -> l.level() == Level.WARN && l.logger().endsWith("." + logger))
                .map(CapturedLog.Line::message).toList();
    }

    /** A call that is created and hung up at once: a few events and one record, all at the current instant. */
    private static void oneCall(Simulation sim, ChannelCore core) {
        Channel c = core.request(OutboundRequest.of("Fake", "x"));
        sim.await(c.hangup(HangupCause.NORMAL_CLEARING));
        sim.runUntilQuiescent();
    }
}
