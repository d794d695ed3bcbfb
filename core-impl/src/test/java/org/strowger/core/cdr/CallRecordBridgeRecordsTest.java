package org.strowger.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.api.BridgeId;
import org.strowger.api.HangupCause;
import org.strowger.api.event.BridgeLeft;
import org.strowger.api.event.Owner;

/**
 * The records of channels put together by a bridge (docs/events-and-cdr.md, "Call records"): who is A, when they are
 * answered, how a departure ends them and where its cause comes from, and held records across a consultation.
 */
class CallRecordBridgeRecordsTest {
    private static final BridgeId B1 = BridgeId.of("b1");
    private static final BridgeId B2 = BridgeId.of("b2");

    private final CallRecordFeed feed = new CallRecordFeed();

    @Test
    void theOlderChannelIsAWhicheverEntersFirst() {
        feed.created("bob", 0);
        feed.created("alice", 1);
        feed.entered(B1, "alice", 10, "alice");
        feed.entered(B1, "bob", 11, "alice", "bob");
        feed.created("carol", 2);
        feed.created("dave", 3);
        feed.entered(B2, "carol", 12, "carol");
        feed.entered(B2, "dave", 13, "carol", "dave");
        feed.hungUp("alice", 20, HangupCause.NORMAL_CLEARING);
        feed.hungUp("dave", 21, HangupCause.USER_BUSY);
        assertEquals(List.of("bob-alice NO_ANSWER 11 -1 20 NORMAL_CLEARING", "carol-dave BUSY 13 -1 21 USER_BUSY"),
                feed.lines(), "never answered: the disposition comes from the cause");
        assertEquals(List.of("1 bob/1", "2 carol/1"), feed.numbering(), "numbered in A's call");
    }

    @Test
    void aBridgedPairIsAnsweredWhenTheSecondOfThemGoesUpWhileBridged() {
        feed.created("alice", 0);
        feed.created("bob", 1);
        feed.up("alice", 2);
        feed.entered(B1, "alice", 10, "alice");
        feed.entered(B1, "bob", 10, "alice", "bob");
        feed.up("bob", 15);
        feed.hungUp("alice", 20, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-bob ANSWERED 10 15 20 NORMAL_CLEARING"), feed.lines());

        feed.created("carol", 30);
        feed.created("dave", 31);
        feed.up("carol", 32);
        feed.up("dave", 33);
        feed.entered(B2, "carol", 40, "carol");
        feed.entered(B2, "dave", 41, "carol", "dave");
        feed.hungUp("dave", 50, HangupCause.NORMAL_CLEARING);
        assertEquals("carol-dave ANSWERED 41 41 50 NORMAL_CLEARING", feed.lines().get(1), "both up on entry");
    }

    @Test
    void aPartyThatLeavesEndsTheRecordThereAndItsNextHangUpGivesTheCause() {
        bridged("alice", "bob", B1);
        feed.left(B1, "bob", 30, BridgeLeft.Reason.KICKED, "alice");
        assertEquals(List.of(), feed.lines(), "waits for bob's next ownership event");
        assertEquals(1, feed.engine.open());
        feed.hungUp("bob", 31, HangupCause.CALL_REJECTED);
        assertEquals(List.of("alice-bob ANSWERED 10 10 30 CALL_REJECTED"), feed.lines(), "ended at the kick");
        assertEquals(0, feed.engine.open());
    }

    @Test
    void aPartyThatLeavesForAnApplicationEndsTheRecordWithNoCause() {
        bridged("alice", "bob", B1);
        feed.left(B1, "bob", 30, BridgeLeft.Reason.LEFT, "alice");
        feed.owner("bob", 31, Owner.bridge(B1), Owner.application("ivr"));
        feed.hungUp("bob", 40, HangupCause.USER_BUSY);
        assertEquals(List.of("alice-bob ANSWERED 10 10 30 null"), feed.lines());
        feed.hungUp("alice", 50, HangupCause.NORMAL_CLEARING);
        assertEquals(1, feed.records.size());
        assertEquals(0, feed.engine.open());
    }

    @Test
    void aBridgeLeftOfAHangUpReportedBeforeTheHangUpEndsTheRecordThereWithTheHangUpsCause() {
        bridged("alice", "bob", B1);
        feed.left(B1, "alice", 30, BridgeLeft.Reason.HUNG_UP, "bob"); // alice's ChannelHungUp is still on its way
        feed.left(B1, "bob", 31, BridgeLeft.Reason.MOVED);
        feed.hungUp("alice", 32, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-bob ANSWERED 10 10 30 NORMAL_CLEARING"), feed.lines());
        assertEquals(0, feed.engine.open());
    }

    @Test
    void aThirdPartyJoiningABridgeOpensARecordWithEachMemberAndEndsNone() {
        bridged("alice", "bob", B1);
        feed.created("carol", 2);
        feed.up("carol", 3);
        feed.entered(B1, "carol", 20, "alice", "bob", "carol");
        assertEquals(List.of(), feed.lines());
        assertEquals(3, feed.engine.open());
        feed.hungUp("carol", 30, HangupCause.NORMAL_CLEARING);
        feed.hungUp("bob", 40, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-carol ANSWERED 20 20 30 NORMAL_CLEARING", "bob-carol ANSWERED 20 20 30 NORMAL_CLEARING",
                "alice-bob ANSWERED 10 10 40 NORMAL_CLEARING"), feed.lines());
        assertEquals(0, feed.engine.open());
    }

    @Test
    void aMemberThatHungUpBeforeItsBridgeLeftIsNotPairedWithANewcomer() {
        bridged("alice", "bob", B1);
        feed.hungUp("bob", 20, HangupCause.NORMAL_CLEARING); // b1 has not reported bob's departure yet
        feed.created("carol", 2);
        feed.entered(B1, "carol", 21, "alice", "bob", "carol");
        feed.hungUp("carol", 30, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-bob ANSWERED 10 10 20 NORMAL_CLEARING", "alice-carol NO_ANSWER 21 -1 30 NORMAL_CLEARING"),
                feed.lines());
    }

    /** A merge in which bob's entry into b2 is reported before the departures from b1. */
    @Test
    void aMoveAwayFromAPartnerAlreadyInAnotherBridgeEndsTheRecordAtOnceWithNoCause() {
        bridged("alice", "bob", B1);
        feed.entered(B2, "bob", 30, "bob");
        feed.left(B1, "alice", 31, BridgeLeft.Reason.MOVED, "bob");
        assertEquals(List.of("alice-bob ANSWERED 10 10 31 null"), feed.lines());
        feed.left(B1, "bob", 32, BridgeLeft.Reason.MOVED);
        feed.entered(B2, "alice", 33, "bob", "alice");
        feed.hungUp("alice", 40, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-bob ANSWERED 10 10 31 null", "alice-bob ANSWERED 33 33 40 NORMAL_CLEARING"),
                feed.lines());
    }

    /** A transferer consults and comes back: one record with the transferee across the hold. */
    @Test
    void aHeldRecordResumesWhenTheMoverComesBack() {
        bridged("alice", "bob", B1); // bob will consult
        feed.created("carol", 5);
        feed.up("carol", 6);
        feed.left(B1, "bob", 20, BridgeLeft.Reason.MOVED, "alice");
        feed.entered(B2, "bob", 21, "bob");
        feed.entered(B2, "carol", 21, "bob", "carol"); // joins bob in b2: nothing to do with b1
        assertEquals(2, feed.engine.open(), "alice-bob held, bob-carol bridged");
        feed.left(B2, "bob", 30, BridgeLeft.Reason.MOVED, "carol");
        feed.entered(B1, "bob", 31, "alice", "bob");
        feed.hungUp("carol", 35, HangupCause.NORMAL_CLEARING);
        feed.hungUp("alice", 60, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("bob-carol ANSWERED 21 21 35 NORMAL_CLEARING", "alice-bob ANSWERED 10 10 60 NORMAL_CLEARING"),
                feed.lines());
        assertEquals(List.of("2 bob/1", "1 alice/1"), feed.numbering());
        assertEquals(0, feed.engine.open());
    }

    /** The consulted party takes the transferer's place: the held record ends then, with the transferer's cause. */
    @Test
    void aHeldRecordEndsWhenSomeoneElseEntersItsBridgeWithTheMoversNextHangUp() {
        bridged("alice", "bob", B1);
        feed.created("carol", 5);
        feed.up("carol", 6);
        feed.left(B1, "bob", 20, BridgeLeft.Reason.MOVED, "alice");
        feed.entered(B2, "carol", 21, "carol");
        feed.entered(B2, "bob", 21, "carol", "bob");
        feed.left(B2, "carol", 40, BridgeLeft.Reason.MOVED, "bob");
        feed.entered(B1, "carol", 41, "alice", "carol");
        assertEquals(List.of(), feed.lines(), "alice-bob waits for bob's next ownership event; bob-carol is held");
        feed.hungUp("bob", 42, HangupCause.ORIGINATOR_CANCEL); // hung up by its after-bridge policy
        feed.hungUp("carol", 70, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-bob ANSWERED 10 10 41 ORIGINATOR_CANCEL", "bob-carol ANSWERED 21 21 42 ORIGINATOR_CANCEL",
                "alice-carol ANSWERED 41 41 70 NORMAL_CLEARING"), feed.lines());
        assertEquals(0, feed.engine.open());
    }

    @Test
    void aHeldRecordEndsWhenThePartyLeftBehindLeavesToo() {
        bridged("alice", "bob", B1);
        feed.left(B1, "bob", 20, BridgeLeft.Reason.MOVED, "alice");
        feed.entered(B2, "bob", 21, "bob");
        feed.left(B1, "alice", 25, BridgeLeft.Reason.LEFT);
        feed.hungUp("alice", 26, HangupCause.NORMAL_UNSPECIFIED);
        assertEquals(List.of("alice-bob ANSWERED 10 10 25 NORMAL_UNSPECIFIED"), feed.lines());
        feed.entered(B1, "bob", 30, "bob"); // the mover comes back to nobody
        feed.hungUp("bob", 31, HangupCause.NORMAL_CLEARING);
        assertEquals(1, feed.records.size());
        assertEquals(0, feed.engine.open());
    }

    @Test
    void aHeldRecordEndsWhenTheMoverHangsUp() {
        bridged("alice", "bob", B1);
        feed.left(B1, "bob", 20, BridgeLeft.Reason.MOVED, "alice");
        feed.entered(B2, "bob", 21, "bob");
        feed.left(B2, "bob", 21, BridgeLeft.Reason.MOVED); // bob moves on again; alice still waits in b1
        feed.hungUp("bob", 28, HangupCause.USER_BUSY);
        assertEquals(List.of("alice-bob ANSWERED 10 10 28 USER_BUSY"), feed.lines());
        assertEquals(0, feed.engine.open());
    }

    /** {@code a} and {@code b} (created now if new, both up) talk in {@code bridge} from 10. */
    private void bridged(String a, String b, BridgeId bridge) {
        for (String n : List.of(a, b)) {
            if (!feed.knows(n)) {
                feed.created(n, 0);
            }
            feed.up(n, 1);
        }
        feed.entered(bridge, a, 10, a);
        feed.entered(bridge, b, 10, a, b);
    }
}
