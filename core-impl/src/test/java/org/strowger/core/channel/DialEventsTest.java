package org.strowger.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.event.ChannelScopedEvent;
import org.strowger.api.event.DialBegan;
import org.strowger.api.event.DialEnded;
import org.strowger.api.event.DialStatus;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.core.CoreScheduler;
import org.strowger.core.Strowger;
import org.strowger.core.exec.TestPools;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;

/**
 * The dial events the dialer emits through ChannelImpl.postDialBegan/End (white-box: same package): each in the
 * leg's stream, before its call; one end per begin, given by the dialer or, if the leg hangs up with its dial open,
 * derived from the hang-up cause just before the hang-up event.
 */
class DialEventsTest {
    /** Keeps each channel's sink, so the test can play the far end. */
    private static final class SinkTech implements ChannelTech {
        final Map<String, ChannelSink> sinks = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "Fake";
        }

        @Override
        public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
            sinks.put(setup.resource(), sink);
            return new TechChannel() {
                @Override
                public void answer() { // outbound only
                }

                @Override
                public void hangup(HangupCause cause) {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void dialsAreBracketedInTheLegsStreamAndClosedByTheHangupIfTheDialerDidNot() {
        TestPools.ManualPool pool = new TestPools.ManualPool();
        CoreScheduler clock = CoreScheduler.system();
        SinkTech fake = new SinkTech();
        ChannelCore core = Strowger.builder().pool(pool).scheduler(clock).stallBudget(java.time.Duration.ZERO)
                .tech(fake).build();
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        core.subscribe(EventFilter.all().withKinds(EventKind.DIAL_BEGAN, EventKind.DIAL_ENDED, EventKind.STATE_CHANGED,
                EventKind.HUNG_UP), e -> seen.add(describe((ChannelScopedEvent) e)), SubscribeOptions.defaults().onPool());
        ChannelImpl caller = (ChannelImpl) core.request(OutboundRequest.of("Fake", "caller"));
        ChannelImpl busy = leg(core, caller, "busy");
        ChannelImpl answers = leg(core, caller, "answers");
        ChannelImpl originated = (ChannelImpl) core.request(OutboundRequest.of("Fake", "orig"));

        busy.postDialBegan(caller, "Fake/busy&Fake/answers");
        busy.postDialBegan(caller, "ignored: a dial is already open");
        busy.call();
        answers.postDialBegan(caller, "Fake/busy&Fake/answers");
        answers.call();
        originated.postDialEnded(DialStatus.ANSWERED, null); // ignored: no dial open
        originated.postDialBegan(null, "Fake/orig");
        originated.call();
        pool.runAll();
        fake.sinks.get("busy").hangup(HangupCause.USER_BUSY); // the leg ends its dial itself
        fake.sinks.get("answers").answered();
        pool.runAll();
        answers.postDialEnded(DialStatus.ANSWERED, null); // the dialer ends it
        fake.sinks.get("orig").answered();
        pool.runAll();
        for (Channel c : List.of(caller, answers, originated)) {
            c.hangup(HangupCause.NORMAL_CLEARING);
        }
        pool.runAll();

        String c = caller.id().value();
        assertEquals(List.of(
                "busy 2 DIAL_BEGAN caller=" + c + " Fake/busy&Fake/answers",
                "busy 3 STATE_CHANGED",
                "busy 4 DIAL_ENDED caller=" + c + " BUSY USER_BUSY",
                "busy 5 HUNG_UP",
                "answers 2 DIAL_BEGAN caller=" + c + " Fake/busy&Fake/answers",
                "answers 3 STATE_CHANGED",
                "answers 4 STATE_CHANGED",
                "answers 5 DIAL_ENDED caller=" + c + " ANSWERED null",
                "answers 6 HUNG_UP",
                "orig 2 DIAL_BEGAN caller=null Fake/orig",
                "orig 3 STATE_CHANGED",
                "orig 4 STATE_CHANGED",
                "orig 5 DIAL_ENDED caller=null ANSWERED NORMAL_CLEARING",
                "orig 6 HUNG_UP",
                "caller 2 HUNG_UP"),
                seen.stream().sorted((x, y) -> order(x) - order(y)).toList());
        assertEquals(0, core.channelCount());
        core.shutdown();
        pool.runAll();
        clock.shutdown();
    }

    private static int order(String s) {
        String leg = s.substring(0, s.indexOf(' '));
        int seq = Integer.parseInt(s.split(" ")[1]);
        return List.of("busy", "answers", "orig", "caller").indexOf(leg) * 100 + seq;
    }

    private static ChannelImpl leg(ChannelCore core, ChannelImpl caller, String resource) {
        return (ChannelImpl) core.request(OutboundRequest.of("Fake", resource).withRequester(caller));
    }

    private static String describe(ChannelScopedEvent e) {
        String leg = e.channelName().substring("Fake/".length(), e.channelName().indexOf('-'));
        leg = leg.equals("orig") ? "orig" : leg;
        String head = leg + " " + e.sequence() + " " + e.kind();
        return switch (e) {
            case DialBegan b -> head + " caller=" + (b.caller() == null ? null : b.caller().id()) + " " + b.target();
            case DialEnded d -> head + " caller=" + (d.caller() == null ? null : d.caller().id()) + " " + d.status()
                    + " " + d.cause();
            default -> head;
        };
    }
}
