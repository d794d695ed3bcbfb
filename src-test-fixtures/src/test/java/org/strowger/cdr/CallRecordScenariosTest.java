package org.strowger.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Application;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.TestCores;

/**
 * The call records of each scenario, compared with hand-written lines ({@link CdrWorld#line}: parties A-B,
 * disposition, start, answer and end in ms of virtual time from the start, cause, sequence within the call). Each
 * scenario runs under 30 seeds, so the records must not depend on how its messages interleave; records that close at
 * one instant may reach the sink in either order, so the lines are compared sorted.
 */
@ExtendWith(NoLeakExtension.class)
class CallRecordScenariosTest {
    private static final int SEEDS = 30;

    private static DialTarget fake(String resource) {
        return DialTarget.of("Fake", resource);
    }

    private static void forSeeds(TestCores cores, String name, long base, Consumer<CdrWorld> scenario) {
        Seeds.forEach(name, base, SEEDS, seed -> scenario.accept(new CdrWorld(cores, seed)));
    }

    private static void assertRecords(CdrWorld w, String... expected) {
        List<String> sorted = new ArrayList<>(List.of(expected));
        Collections.sort(sorted);
        assertEquals(sorted, w.sortedLines());
    }

    private static Application answering() {
        return new Application() {
            @Override
            public void onAttach(Channel caller) {
                caller.answer();
            }
        };
    }

    /** alice calls 100, which dials bob for her; bob answers at 5 ms and they are bridged. */
    static Channel[] aliceCallsBob(CdrWorld w) {
        w.route("100", ch -> w.dialler("Fake", "bob"));
        Channel alice = w.inbound("alice", "100");
        FakeChannel bob = w.outbound("bob", "bob");
        w.at(5, () -> bob.remote().answered());
        w.runTo(6);
        return new Channel[] {alice, bob.channel()};
    }

    @Test
    void aTwoPartyCallIsOneRecordFromTheDialToTheHangUp(TestCores cores) {
        forSeeds(cores, "two-party call", 100, w -> {
            Channel[] ab = aliceCallsBob(w);
            w.at(65, () -> w.hangup(ab[0]));
            w.runTo(100);
            assertRecords(w, "alice-bob ANSWERED 0 5 65 NORMAL_CLEARING #1");
            CallRecord r = w.records.peek();
            assertEquals(65, r.durationMillis());
            assertEquals(60, r.billableMillis());
            assertEquals(1, r.billableSeconds());
            assertEquals(ab[0].linkedId(), r.linkedId());
            assertEquals("Fake", r.b().tech());
        });
    }

    @Test
    void unansweredDialsAreBusyNoAnswerOrFailedWithTheLegsCause(TestCores cores) {
        forSeeds(cores, "unanswered dials", 200, w -> {
            w.route("busy", ch -> w.dialler("Fake", "bob"));
            w.route("silent", ch -> new Application() {
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
            w.at(50, () -> {
                w.hangup(alice);
                w.hangup(carol);
                w.hangup(erin);
            });
            w.runTo(100);
            assertRecords(w, // the callers are in these records: no record of their own
                    "alice-bob BUSY 0 - 3 USER_BUSY #1",
                    "carol-dave NO_ANSWER 0 - 30 NO_ANSWER #1",
                    "erin-frank FAILED 0 - 7 UNALLOCATED #1");
        });
    }

    @Test
    void aRingGroupOfThreeHasOneAnsweredRecordAndTwoAnsweredElsewhere(TestCores cores) {
        forSeeds(cores, "ring group", 300, w -> {
            w.route("sales", ch -> new Application() {
                @Override
                public void onAttach(Channel caller) {
                    w.dial(caller, DialString.of(fake("d1"), fake("d2"), fake("d3")));
                }
            });
            w.inbound("alice", "sales");
            FakeChannel d1 = w.outbound("d1", "d1");
            FakeChannel d2 = w.outbound("d2", "d2");
            w.outbound("d3", "d3");
            w.at(2, () -> d1.remote().ringing());
            w.at(10, () -> d2.remote().answered());
            w.at(40, () -> w.hangup(d2.channel()));
            w.runTo(100);
            // the three legs start at once, so which record is #1, #2 or #3 depends on the interleaving
            List<String> lines = w.sortedLines().stream().map(l -> l.substring(0, l.indexOf(" #"))).toList();
            assertEquals(List.of(
                    "alice-d1 NO_ANSWER 0 - 10 ANSWERED_ELSEWHERE",
                    "alice-d2 ANSWERED 0 10 40 NORMAL_CLEARING",
                    "alice-d3 NO_ANSWER 0 - 10 ANSWERED_ELSEWHERE"), lines);
            assertEquals(List.of(1, 2, 3), w.records.stream().map(CallRecord::sequence).sorted().toList());
        });
    }

    @Test
    void blindTransferClosesTheTransferersRecordAndOpensOneWithTheTarget(TestCores cores) {
        forSeeds(cores, "blind transfer", 400, w -> {
            Channel[] ab = aliceCallsBob(w);
            w.at(20, () -> w.core.blindTransfer(ab[1], OutboundRequest.of("Fake", "carol")));
            w.runTo(21);
            FakeChannel carol = w.outbound("carol", "carol");
            w.at(30, () -> carol.remote().answered());
            w.at(90, () -> w.hangup(ab[0]));
            w.runTo(200);
            assertRecords(w,
                    "alice-bob ANSWERED 0 5 20 NORMAL_CLEARING #1", // bob's after-bridge policy hung him up
                    "alice-carol ANSWERED 20 30 90 NORMAL_CLEARING #2"); // opened ringing, answered at 30
        });
    }

    @Test
    void blindTransferToABusyTargetIsABusyRecord(TestCores cores) {
        forSeeds(cores, "blind transfer, busy", 450, w -> {
            Channel[] ab = aliceCallsBob(w);
            w.at(20, () -> w.core.blindTransfer(ab[1], OutboundRequest.of("Fake", "carol")));
            w.runTo(21);
            FakeChannel carol = w.outbound("carol", "carol");
            w.at(25, () -> carol.remote().busy());
            w.runTo(200);
            assertRecords(w,
                    "alice-bob ANSWERED 0 5 20 NORMAL_CLEARING #1",
                    "alice-carol BUSY 20 - 25 USER_BUSY #2"); // alice follows her policy when the bridge dissolves
        });
    }

    static void attended(CdrWorld w, boolean complete) {
        Channel[] ab = aliceCallsBob(w);
        AttendedTransfer[] t = new AttendedTransfer[1];
        w.at(20, () -> w.core.attendedTransfer(ab[1], OutboundRequest.of("Fake", "carol")).thenAccept(x -> t[0] = x));
        w.runTo(21);
        FakeChannel carol = w.outbound("carol", "carol");
        w.at(30, () -> carol.remote().answered());
        w.at(50, () -> {
            if (complete) {
                t[0].complete();
            } else {
                t[0].cancel();
            }
        });
        w.at(90, () -> w.hangup(ab[0]));
        w.runTo(200);
    }

    @Test
    void attendedTransferCompletedEndsBothRecordsOfTheTransfererAndOpensTheTransfereeWithTheTarget(TestCores cores) {
        forSeeds(cores, "attended transfer, completed", 500, w -> {
            attended(w, true);
            assertRecords(w,
                    "alice-bob ANSWERED 0 5 50 NORMAL_CLEARING #1", // held while bob consults, ends at completion
                    "bob-carol ANSWERED 20 30 50 NORMAL_CLEARING #2", // the consultation
                    "alice-carol ANSWERED 50 50 90 NORMAL_CLEARING #3");
        });
    }

    @Test
    void attendedTransferCancelledKeepsTheFirstRecordGoing(TestCores cores) {
        forSeeds(cores, "attended transfer, cancelled", 600, w -> {
            attended(w, false);
            assertRecords(w,
                    "alice-bob ANSWERED 0 5 90 NORMAL_CLEARING #1", // held during the consultation, then resumed
                    "bob-carol ANSWERED 20 30 50 NORMAL_CLEARING #2"); // carol is hung up when bob goes back
        });
    }

    @Test
    void pickupOfADialledLegClosesItAnsweredElsewhereAndConnectsThePicker(TestCores cores) {
        forSeeds(cores, "pickup of a dialled leg", 700, w -> {
            w.route("100", ch -> w.dialler("Fake", "bob"));
            Channel alice = w.inbound("alice", "100");
            FakeChannel bob = w.outbound("bob", "bob");
            w.at(2, () -> bob.remote().ringing());
            w.runTo(5);
            Channel paul = w.inbound("paul", "pickup");
            w.at(10, () -> w.core.pickup(paul, bob.channel()));
            w.at(60, () -> w.hangup(alice));
            w.runTo(200);
            assertRecords(w,
                    "alice-bob NO_ANSWER 0 - 10 ANSWERED_ELSEWHERE #1",
                    "alice-paul ANSWERED 10 10 60 NORMAL_CLEARING #2"); // paul is answered by the pickup
        });
    }

    @Test
    void pickupOfABridgedRingingLegTakesTheCauseOfItsHangUp(TestCores cores) {
        forSeeds(cores, "pickup of a bridged leg", 800, w -> {
            w.route("100", ch -> new Application() { // alice is answered and hears bob ring through a bridge
                @Override
                public void onAttach(Channel caller) {
                    caller.answer();
                    Channel bob = w.core.request(OutboundRequest.of("Fake", "bob").withRequester(caller));
                    Bridge b = w.core.createBridge(BridgeOptions.call());
                    b.join(caller, JoinOptions.HANG_UP_AFTER);
                    b.join(bob, JoinOptions.HANG_UP_AFTER);
                    bob.call();
                }
            });
            Channel alice = w.inbound("alice", "100");
            FakeChannel bob = w.outbound("bob", "bob");
            w.at(2, () -> bob.remote().ringing());
            w.runTo(5);
            Channel paul = w.inbound("paul", "pickup");
            w.at(10, () -> w.core.pickup(paul, bob.channel()));
            w.at(60, () -> w.hangup(alice));
            w.runTo(200);
            assertRecords(w,
                    "alice-bob NO_ANSWER 0 - 10 ANSWERED_ELSEWHERE #1", // swapped out, then hung up
                    "alice-paul ANSWERED 10 10 60 NORMAL_CLEARING #2");
        });
    }

    @Test
    void aLocalChainThatOptimisesGetsARecordOfItsEnds(TestCores cores) {
        forSeeds(cores, "Local chain", 900, w -> {
            w.route("100", ch -> w.dialler("Local", "200"));
            w.route("200", ch -> w.dialler("Fake", "bob"));
            Channel alice = w.inbound("alice", "100");
            w.labelLocals("L");
            FakeChannel bob = w.outbound("bob", "bob");
            w.at(5, () -> bob.remote().answered());
            w.at(80, () -> w.hangup(alice));
            w.runTo(300);
            // The chain optimises away at 5, when bob answers, or at 25 if that first try meets a bridge still
            // held open by a dial's hand-over (a swap is refused then and retried 20 ms later): the seed decides.
            String at = w.sortedLines().get(0).contains(" 0 5 5 ") ? "5" : "25";
            assertRecords(w,
                    "alice-L;1 ANSWERED 0 5 " + at + " NORMAL_CLEARING #1", // the chain, until it optimised away
                    "L;2-bob ANSWERED 0 5 " + at + " NORMAL_CLEARING #2",
                    "alice-bob ANSWERED " + at + " " + at + " 80 NORMAL_CLEARING #3"); // the ends, bridged directly
            assertEquals(List.of(true, true, false),
                    w.records.stream().sorted(java.util.Comparator.comparingLong(CallRecord::id))
                            .map(CallRecord::viaLocal).toList());
        });
    }

    @Test
    void aLocalChainThatNeverOptimisesKeepsTheRecordsOfBothHalves(TestCores cores) {
        forSeeds(cores, "Local chain /n", 1000, w -> {
            w.route("100", ch -> w.dialler("Local", "200/n"));
            w.route("200", ch -> w.dialler("Fake", "bob"));
            Channel alice = w.inbound("alice", "100");
            w.labelLocals("L");
            FakeChannel bob = w.outbound("bob", "bob");
            w.at(5, () -> bob.remote().answered());
            w.at(80, () -> w.hangup(alice));
            w.runTo(300);
            assertRecords(w,
                    "alice-L;1 ANSWERED 0 5 80 NORMAL_CLEARING #1",
                    "L;2-bob ANSWERED 0 5 80 NORMAL_CLEARING #2"); // alice's hang-up crosses the pair
        });
    }

    @Test
    void aCallThatNeverLeavesItsApplicationIsARecordOfItsOwn(TestCores cores) {
        forSeeds(cores, "IVR only", 1100, w -> {
            w.route("ivr", ch -> answering());
            Channel alice = w.inbound("alice", "ivr");
            Channel bob = w.inbound("bob", "unrouted"); // a RecordingApp: never answered
            w.at(30, () -> {
                w.hangup(alice);
                w.hangup(bob);
            });
            w.runTo(100);
            assertRecords(w,
                    "alice- ANSWERED 0 0 30 NORMAL_CLEARING #1",
                    "bob- NO_ANSWER 0 - 30 NORMAL_CLEARING #1");
        });
    }
}
