package org.strowger.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
import org.strowger.api.cdr.CallParty;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.TestCores;

/**
 * Every field of the records of the multi-party worked examples of docs/events-and-cdr.md ("Call records"): a blind
 * transfer, an attended transfer (completed and cancelled) and a ring group with one winner. {@link
 * CallRecordScenariosTest} compares their lines (A-B, disposition, times, cause, sequence); this also pins the id
 * order, the parties' ids, names and techs, the call (linked id), the billable time, {@code viaLocal}, the answer
 * time of a losing leg, and the order in which the sink receives the records (the order they complete).
 */
@ExtendWith(NoLeakExtension.class)
class CallRecordFieldsTest {
    private static final int SEEDS = 10;

    /** One expected record: its line (as {@link CdrWorld#line}), parties, call and billing. */
    private record Expected(String line, Channel a, Channel b, Channel call, long billableMillis,
            long billableSeconds) {
    }

    private static void assertParty(Channel expected, CallParty actual, String what) {
        assertEquals(expected.id(), actual.id(), what);
        assertEquals(expected.snapshot().name(), actual.name(), what);
        assertEquals(expected.snapshot().tech(), actual.tech(), what);
    }

    private static void assertRecord(CdrWorld w, Expected e, CallRecord r) {
        String line = w.line(r);
        assertEquals(e.line, line);
        assertParty(e.a, r.a(), "party A of " + line);
        assertParty(e.b, r.b(), "party B of " + line);
        assertEquals(e.call.linkedId(), r.linkedId(), "the call of " + line);
        assertEquals(e.billableMillis, r.billableMillis(), "billable ms of " + line);
        assertEquals(e.billableSeconds, r.billableSeconds(), "billable s of " + line);
        assertEquals(r.endMillis() - r.startMillis(), r.durationMillis(), line);
        assertFalse(r.viaLocal(), "no Local party in " + line);
    }

    /** The records in the order they were opened: ids 1, 2, 3 ... of a fresh core, sequences 1, 2, 3 ... */
    private static List<CallRecord> byId(CdrWorld w) {
        List<CallRecord> sorted = new ArrayList<>(w.records);
        sorted.sort(Comparator.comparingLong(CallRecord::id));
        for (int i = 0; i < sorted.size(); i++) {
            assertEquals(i + 1, sorted.get(i).id(), "record ids are 1, 2, 3 ... in the order opened");
            assertEquals(i + 1, sorted.get(i).sequence(), "one call: its sequence follows the opening order");
        }
        return sorted;
    }

    private static List<Long> delivered(CdrWorld w) {
        return w.records.stream().map(CallRecord::id).toList();
    }

    private static Channel phone(CdrWorld w, String resource) {
        return w.fake.channels().stream().filter(c -> c.resource().equals(resource)).findFirst().orElseThrow()
                .channel();
    }

    @Test
    void blindTransferRecordsPinEveryField(TestCores cores) {
        Seeds.forEach("blind transfer, every field", 41_000, SEEDS, seed -> {
            CdrWorld w = new CdrWorld(cores, seed);
            Channel[] ab = CallRecordScenariosTest.aliceCallsBob(w);
            w.at(20, () -> w.core.blindTransfer(ab[1], OutboundRequest.of("Fake", "carol")));
            w.runTo(21);
            FakeChannel carol = w.outbound("carol", "carol");
            w.at(30, () -> carol.remote().answered());
            w.at(90, () -> w.hangup(ab[0]));
            w.runTo(200);
            List<CallRecord> r = byId(w);
            assertEquals(2, r.size(), w.lines().toString());
            Channel alice = ab[0];
            assertRecord(w, new Expected("alice-bob ANSWERED 0 5 20 NORMAL_CLEARING #1", alice, ab[1], alice, 15, 1),
                    r.get(0));
            assertRecord(w, new Expected("alice-carol ANSWERED 20 30 90 NORMAL_CLEARING #2", alice, carol.channel(),
                    alice, 60, 1), r.get(1));
            assertEquals(List.of(1L, 2L), delivered(w), "each record is delivered when it completes");
        });
    }

    @Test
    void completedAttendedTransferRecordsPinEveryField(TestCores cores) {
        Seeds.forEach("attended transfer completed, every field", 42_000, SEEDS, seed -> {
            CdrWorld w = new CdrWorld(cores, seed);
            CallRecordScenariosTest.attended(w, true);
            List<CallRecord> r = byId(w);
            assertEquals(3, r.size(), w.lines().toString());
            Channel alice = phone(w, "alice");
            Channel bob = phone(w, "bob");
            Channel carol = phone(w, "carol");
            assertRecord(w, new Expected("alice-bob ANSWERED 0 5 50 NORMAL_CLEARING #1", alice, bob, alice, 45, 1),
                    r.get(0));
            assertRecord(w, new Expected("bob-carol ANSWERED 20 30 50 NORMAL_CLEARING #2", bob, carol, alice, 20, 1),
                    r.get(1));
            assertRecord(w, new Expected("alice-carol ANSWERED 50 50 90 NORMAL_CLEARING #3", alice, carol, alice, 40,
                    1), r.get(2));
            assertEquals(3L, delivered(w).get(2), "the transferee's record with the target completes last");
        });
    }

    @Test
    void cancelledAttendedTransferRecordsPinEveryField(TestCores cores) {
        Seeds.forEach("attended transfer cancelled, every field", 43_000, SEEDS, seed -> {
            CdrWorld w = new CdrWorld(cores, seed);
            CallRecordScenariosTest.attended(w, false);
            List<CallRecord> r = byId(w);
            assertEquals(2, r.size(), w.lines().toString());
            Channel alice = phone(w, "alice");
            Channel bob = phone(w, "bob");
            Channel carol = phone(w, "carol");
            assertRecord(w, new Expected("alice-bob ANSWERED 0 5 90 NORMAL_CLEARING #1", alice, bob, alice, 85, 1),
                    r.get(0));
            assertRecord(w, new Expected("bob-carol ANSWERED 20 30 50 NORMAL_CLEARING #2", bob, carol, alice, 20, 1),
                    r.get(1));
            assertEquals(List.of(2L, 1L), delivered(w), "the consultation completes first, at 50");
        });
    }

    @Test
    void ringGroupRecordsPinEveryFieldOfTheWinnerAndTheLosingLegs(TestCores cores) {
        Seeds.forEach("ring group, every field", 44_000, SEEDS, seed -> {
            CdrWorld w = new CdrWorld(cores, seed);
            w.route("sales", ch -> new Application() {
                @Override
                public void onAttach(Channel caller) {
                    w.dial(caller, DialString.of(DialTarget.of("Fake", "d1"), DialTarget.of("Fake", "d2"),
                            DialTarget.of("Fake", "d3")));
                }
            });
            Channel alice = w.inbound("alice", "sales");
            FakeChannel d1 = w.outbound("d1", "d1");
            FakeChannel d2 = w.outbound("d2", "d2");
            FakeChannel d3 = w.outbound("d3", "d3");
            w.at(2, () -> d1.remote().ringing());
            w.at(10, () -> d2.remote().answered());
            w.at(40, () -> w.hangup(d2.channel()));
            w.runTo(100);
            List<CallRecord> r = byId(w);
            assertEquals(3, r.size(), w.lines().toString());
            List<Long> losers = new ArrayList<>();
            for (CallRecord rec : r) {
                String seq = " #" + rec.sequence();
                if (rec.b().id().equals(d2.channel().id())) {
                    assertRecord(w, new Expected("alice-d2 ANSWERED 0 10 40 NORMAL_CLEARING" + seq, alice,
                            d2.channel(), alice, 30, 1), rec);
                } else {
                    FakeChannel leg = rec.b().id().equals(d1.channel().id()) ? d1 : d3;
                    String name = leg == d1 ? "d1" : "d3";
                    assertRecord(w, new Expected("alice-" + name + " NO_ANSWER 0 - 10 ANSWERED_ELSEWHERE" + seq,
                            alice, leg.channel(), alice, 0, 0), rec);
                    assertEquals(CallRecord.NOT_ANSWERED, rec.answerMillis());
                    losers.add(rec.id());
                }
            }
            assertEquals(2, losers.size());
            assertEquals(3, delivered(w).size());
            assertEquals(java.util.Set.copyOf(losers), java.util.Set.copyOf(delivered(w).subList(0, 2)),
                    "the losing legs' records complete at 10, the winner's at 40");
        });
    }

    /**
     * The completed attended transfer again, but bob (the transferer) was joined to return to his application after
     * the bridge, so he does not hang up when he leaves: the records that end because he left ("the cause of a record
     * that ends without a hang-up") take his next ownership event, which is his return to the application: no cause.
     * His hang-up later opens nothing: he is in records already.
     */
    @Test
    void aTransfererWhoReturnsToHisApplicationEndsHisRecordsWithoutACause(TestCores cores) {
        Seeds.forEach("attended transfer, transferer returns", 45_000, SEEDS, seed -> {
            CdrWorld w = new CdrWorld(cores, seed);
            w.route("100", ch -> new Application() {
                @Override
                public void onAttach(Channel caller) {
                    caller.answer();
                    Channel bob = w.core.request(OutboundRequest.of("Fake", "bob").withRequester(caller));
                    bob.attach(new RecordingApp());
                    Bridge b = w.core.createBridge(BridgeOptions.call());
                    b.join(caller, JoinOptions.HANG_UP_AFTER);
                    b.join(bob, JoinOptions.RETURN_AFTER);
                    bob.call();
                }
            });
            Channel alice = w.inbound("alice", "100");
            FakeChannel bob = w.outbound("bob", "bob");
            w.at(5, () -> bob.remote().answered());
            w.runTo(6);
            AttendedTransfer[] t = new AttendedTransfer[1];
            w.at(20, () -> w.core.attendedTransfer(bob.channel(), OutboundRequest.of("Fake", "carol"))
                    .thenAccept(x -> t[0] = x));
            w.runTo(21);
            FakeChannel carol = w.outbound("carol", "carol");
            w.at(30, () -> carol.remote().answered());
            w.at(50, () -> t[0].complete());
            w.at(90, () -> w.hangup(alice));
            w.runTo(92);
            assertTrue(bob.channel().snapshot().isLive(), "bob is back in his application");
            w.at(95, () -> w.hangup(bob.channel()));
            w.runTo(200);
            List<CallRecord> r = byId(w);
            assertEquals(3, r.size(), w.lines().toString());
            assertRecord(w, new Expected("alice-bob ANSWERED 0 5 50 - #1", alice, bob.channel(), alice, 45, 1),
                    r.get(0));
            assertRecord(w, new Expected("bob-carol ANSWERED 20 30 50 - #2", bob.channel(), carol.channel(), alice,
                    20, 1), r.get(1));
            assertRecord(w, new Expected("alice-carol ANSWERED 50 50 90 NORMAL_CLEARING #3", alice, carol.channel(),
                    alice, 40, 1), r.get(2));
        });
    }

    /**
     * A dialled leg whose far end clears (NORMAL_CLEARING) while it rings: the dial reports it UNAVAILABLE, and an
     * unanswered dial takes its disposition from that outcome, FAILED, not from the cause (which alone would say
     * NO_ANSWER). The record still carries the cause.
     */
    @Test
    void anUnansweredLegThatClearsIsFailedByItsDialOutcome(TestCores cores) {
        Seeds.forEach("leg clears while ringing", 46_000, SEEDS, seed -> {
            CdrWorld w = new CdrWorld(cores, seed);
            w.route("100", ch -> w.dialler("Fake", "bob"));
            Channel alice = w.inbound("alice", "100");
            FakeChannel bob = w.outbound("bob", "bob");
            w.at(2, () -> bob.remote().ringing());
            w.at(8, () -> bob.remote().hangup(HangupCause.NORMAL_CLEARING));
            w.at(50, () -> w.hangup(alice));
            w.runTo(100);
            List<CallRecord> r = byId(w);
            assertEquals(1, r.size(), w.lines().toString());
            assertRecord(w, new Expected("alice-bob FAILED 0 - 8 NORMAL_CLEARING #1", alice, bob.channel(), alice, 0,
                    0), r.get(0));
        });
    }

    /**
     * A channel in no pair record gets one of its own: an originated leg that clears while ringing takes its
     * disposition from its originate's outcome (UNAVAILABLE: FAILED); the two halves of a Local pair that is never
     * bridged are two such records in one call, numbered 1 and 2 in the order they end, both {@code viaLocal}.
     */
    @Test
    void recordsOfTheirOwnTakeTheOriginatesOutcomeAndNumberOnWithinTheCall(TestCores cores) {
        Seeds.forEach("records of their own", 47_000, SEEDS, seed -> {
            CdrWorld w = new CdrWorld(cores, seed);
            w.core.dial(DialRequest.of(DialString.of(DialTarget.of("Fake", "bob"))));
            w.runTo(1);
            FakeChannel bob = w.outbound("bob", "bob");
            w.at(2, () -> bob.remote().ringing());
            w.at(8, () -> bob.remote().hangup(HangupCause.NORMAL_CLEARING));
            Channel one = w.core.request(OutboundRequest.of("Local", "nobody"));
            one.call();
            w.runTo(3);
            w.labelLocals("L");
            w.at(30, () -> w.hangup(one));
            w.runTo(100);
            List<String> lines = w.lines();
            assertEquals(List.of("bob- FAILED 0 - 8 NORMAL_CLEARING #1", "L;1- NO_ANSWER 1 - 30 NORMAL_CLEARING #1",
                    "L;2- NO_ANSWER 1 - 30 NORMAL_CLEARING #2"), lines); // the pair is created at 1
            List<CallRecord> r = List.copyOf(w.records);
            assertEquals(List.of(false, true, true), r.stream().map(CallRecord::viaLocal).toList(), lines.toString());
            assertEquals(List.of(1L, 2L, 3L), r.stream().map(CallRecord::id).toList(), "opened as they end");
            assertEquals(one.linkedId(), r.get(2).linkedId(), "both halves are one call");
            assertEquals(bob.channel().linkedId(), r.get(0).linkedId());
            for (CallRecord rec : r) {
                assertEquals(null, rec.b());
                assertEquals(0, rec.billableSeconds());
            }
        });
    }
}
