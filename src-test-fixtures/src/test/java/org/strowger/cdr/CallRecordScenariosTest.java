package org.strowger.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Channel;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/**
 * Call records of each scenario, compared with hand-written lines ({@link CdrWorld#line}: parties, disposition, start,
 * answer and end in ms of virtual time from the start, cause, sequence within the call), in the order the sink gets
 * them.
 */
@ExtendWith(NoLeakExtension.class)
class CallRecordScenariosTest {

    private static DialTarget fake(String resource) {
        return DialTarget.of("Fake", resource);
    }

    /** alice calls 100, which dials bob; bob answers at 5 ms; they are bridged; returns alice and bob. */
    private static Channel[] aliceAndBob(CdrWorld w) {
        w.route("100", ch -> w.dialler("Fake", "bob"));
        Channel alice = w.inbound("alice", "100");
        FakeChannel bob = w.outbound("bob", "bob");
        w.at(5, () -> bob.remote().answered());
        w.runTo(6);
        return new Channel[] {alice, bob.channel()};
    }

    @Test
    void print(TestCores cores) {
        CdrWorld w = new CdrWorld(cores, 1);
        Channel[] ab = aliceAndBob(w);
        w.at(65, () -> w.hangup(ab[0]));
        w.runTo(100);
        w.lines().forEach(System.out::println);
    }

    @Test
    void printUnanswered(TestCores cores) {
        CdrWorld w = new CdrWorld(cores, 2);
        w.route("busy", ch -> w.dialler("Fake", "bob"));
        w.route("silent", ch -> new org.strowger.api.Application() {
            @Override
            public void onAttach(Channel caller) {
                w.dial(caller, DialString.of(fake("dave").withTimeout(Duration.ofMillis(30))));
            }
        });
        w.route("broken", ch -> w.dialler("Fake", "frank"));
        Channel alice = w.inbound("alice", "busy");
        Channel carol = w.inbound("carol", "silent");
        Channel erin = w.inbound("erin", "broken");
        FakeChannel bob = w.outbound("bob", "bob");
        w.outbound("dave", "dave");
        FakeChannel frank = w.outbound("frank", "frank");
        w.at(3, () -> bob.remote().busy());
        w.at(7, () -> frank.remote().hangup(HangupCause.UNALLOCATED));
        w.at(50, () -> { w.hangup(alice); w.hangup(carol); w.hangup(erin); });
        w.runTo(100);
        w.lines().forEach(System.out::println);
    }

    @Test
    void printRingGroup(TestCores cores) {
        CdrWorld w = new CdrWorld(cores, 3);
        w.route("sales", ch -> new org.strowger.api.Application() {
            @Override
            public void onAttach(Channel caller) {
                w.dial(caller, DialString.of(fake("d1"), fake("d2"), fake("d3")));
            }
        });
        Channel alice = w.inbound("alice", "sales");
        FakeChannel d1 = w.outbound("d1", "d1");
        FakeChannel d2 = w.outbound("d2", "d2");
        w.outbound("d3", "d3");
        w.at(2, () -> d1.remote().ringing());
        w.at(10, () -> d2.remote().answered());
        w.at(40, () -> w.hangup(d2.channel()));
        w.runTo(100);
        w.lines().forEach(System.out::println);
    }

    @Test
    void printBlind(TestCores cores) {
        CdrWorld w = new CdrWorld(cores, 4);
        Channel[] ab = aliceAndBob(w);
        w.at(20, () -> w.core.blindTransfer(ab[1], OutboundRequest.of("Fake", "carol")));
        w.runTo(21);
        FakeChannel carol = w.outbound("carol", "carol");
        w.at(30, () -> carol.remote().answered());
        w.at(90, () -> w.hangup(ab[0]));
        w.runTo(200);
        w.lines().forEach(System.out::println);
    }

    @Test
    void printAttended(TestCores cores) {
        for (boolean complete : new boolean[] {true, false}) {
            CdrWorld w = new CdrWorld(cores, 5);
            Channel[] ab = aliceAndBob(w);
            AttendedTransfer[] t = new AttendedTransfer[1];
            w.at(20, () -> w.core.attendedTransfer(ab[1], OutboundRequest.of("Fake", "carol"))
                    .thenAccept(x -> t[0] = x));
            w.runTo(21);
            FakeChannel carol = w.outbound("carol", "carol");
            w.at(30, () -> carol.remote().answered());
            w.at(50, () -> { if (complete) { t[0].complete(); } else { t[0].cancel(); } });
            w.at(90, () -> w.hangup(ab[0]));
            w.runTo(200);
            System.out.println(complete ? "complete" : "cancel");
            w.lines().forEach(System.out::println);
        }
    }

    @Test
    void printPickup(TestCores cores) {
        CdrWorld w = new CdrWorld(cores, 6);
        w.route("100", ch -> w.dialler("Fake", "bob"));
        Channel alice = w.inbound("alice", "100");
        FakeChannel bob = w.outbound("bob", "bob");
        w.at(2, () -> bob.remote().ringing());
        w.runTo(5);
        Channel paul = w.inbound("paul", "pickup");
        w.at(10, () -> w.core.pickup(paul, bob.channel()));
        w.at(60, () -> w.hangup(alice));
        w.runTo(200);
        w.lines().forEach(System.out::println);
    }

    @Test
    void printLocal(TestCores cores) {
        for (String suffix : new String[] {"", "/n"}) {
            CdrWorld w = new CdrWorld(cores, 7);
            w.route("100", ch -> w.dialler("Local", "200" + suffix));
            w.route("200", ch -> w.dialler("Fake", "bob"));
            Channel alice = w.inbound("alice", "100");
            w.labelLocals("L");
            FakeChannel bob = w.outbound("bob", "bob");
            w.at(5, () -> bob.remote().answered());
            w.at(80, () -> w.hangup(alice));
            w.runTo(300);
            System.out.println("Local" + suffix);
            w.lines().forEach(System.out::println);
        }
    }

    @Test
    void printIvr(TestCores cores) {
        CdrWorld w = new CdrWorld(cores, 8);
        w.route("ivr", ch -> new org.strowger.api.Application() {
            @Override
            public void onAttach(Channel caller) {
                caller.answer();
            }
        });
        Channel alice = w.inbound("alice", "ivr");
        Channel bob = w.inbound("bob", "unrouted");
        w.at(30, () -> { w.hangup(alice); w.hangup(bob); });
        w.runTo(100);
        w.lines().forEach(System.out::println);
    }
}
