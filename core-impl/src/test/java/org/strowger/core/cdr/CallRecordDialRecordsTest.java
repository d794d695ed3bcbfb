package org.strowger.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.api.BridgeId;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.event.BridgeLeft;
import org.strowger.api.event.DialStatus;

/**
 * The records of dials (docs/events-and-cdr.md, "Call records"): opened by DialBegan, ended by the leg's DialEnded
 * unless it answered, with the times, dispositions and causes the rules give; fed to the engine as events.
 */
class CallRecordDialRecordsTest {
    private static final BridgeId B1 = BridgeId.of("b1");
    private static final BridgeId B2 = BridgeId.of("b2");

    private final CallRecordFeed feed = new CallRecordFeed();

    /** alice (up at 2) dials bob, both of alice's call, from 5. */
    private void aliceDialsBob() {
        feed.created("alice", 0);
        feed.up("alice", 2);
        feed.created("bob", "alice", 4);
        feed.dialBegan("bob", "alice", 5);
    }

    @Test
    void anAnsweredDialGoesOnIntoTheBridgeAndIsBilledFromDialBeganWithTheLegsAnswerTime() {
        aliceDialsBob();
        assertEquals(1, feed.engine.open());
        feed.up("bob", 20);
        feed.dialEnded("bob", "alice", 21, DialStatus.ANSWERED, null);
        assertEquals(List.of(), feed.lines(), "an answered dial stays open for the bridge");
        feed.entered(B1, "alice", 22, "alice");
        feed.entered(B1, "bob", 22, "alice", "bob");
        assertEquals(1, feed.engine.open(), "the bridge continues the dial's record, it opens none");
        feed.left(B1, "bob", 50, BridgeLeft.Reason.REDIRECTED, "alice"); // bridged now: bob's departure ends it
        feed.hungUp("bob", 55, HangupCause.NORMAL_CLEARING);
        feed.hungUp("alice", 56, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-bob ANSWERED 5 20 50 null"), feed.lines(),
                "one record; neither party gets one of its own at its hang-up");
        assertEquals(List.of("1 alice/1"), feed.numbering());
        assertEquals(0, feed.engine.open());
    }

    @Test
    void anAnswerWhoseStateChangeWasNotSeenIsTimedByTheDialEnded() {
        aliceDialsBob();
        feed.state("bob", 8, ChannelState.DIALING, ChannelState.RINGING); // ringing is not an answer
        feed.dialEnded("bob", "alice", 21, DialStatus.ANSWERED, null);
        feed.hungUp("alice", 40, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-bob ANSWERED 5 21 40 NORMAL_CLEARING"), feed.lines());
    }

    @Test
    void aLegAlreadyInTheCallersBridgeWhenItsAnswerIsReportedIsBridgedFromThen() {
        aliceDialsBob();
        feed.entered(B1, "alice", 6, "alice");
        feed.up("bob", 18);
        feed.entered(B1, "bob", 19, "alice", "bob"); // still dialling: the dial decides, the bridge opens nothing
        assertEquals(1, feed.engine.open());
        feed.dialEnded("bob", "alice", 20, DialStatus.ANSWERED, null);
        feed.left(B1, "bob", 30, BridgeLeft.Reason.REDIRECTED, "alice"); // bob moved on to an application
        assertEquals(List.of("alice-bob ANSWERED 5 18 30 null"), feed.lines(),
                "the record was bridged in b1, so bob's departure ends it, with no cause");
        feed.hungUp("bob", 40, HangupCause.USER_BUSY);
        feed.hungUp("alice", 41, HangupCause.NORMAL_CLEARING);
        assertEquals(1, feed.records.size(), "later hang-ups add nothing: both were recorded");
        assertEquals(0, feed.engine.open());
    }

    /** Answered while in another bridge than the caller's: the record waits for the bridge the two share. */
    @Test
    void anAnsweredLegInAnotherBridgeThanTheCallersIsNotBridgedWithIt() {
        aliceDialsBob();
        feed.entered(B1, "alice", 6, "alice");
        feed.up("bob", 18);
        feed.entered(B2, "bob", 19, "bob");
        feed.dialEnded("bob", "alice", 20, DialStatus.ANSWERED, null);
        feed.left(B2, "bob", 30, BridgeLeft.Reason.MOVED);
        assertEquals(List.of(), feed.lines(), "bob leaving b2 does not end a record that was never in b2");
        feed.entered(B1, "bob", 31, "alice", "bob");
        feed.hungUp("alice", 40, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-bob ANSWERED 5 18 40 NORMAL_CLEARING"), feed.lines());
    }

    @Test
    void unansweredLegsEndWithTheirDialEndedsOutcomeAndCauseAndAreNumberedInOrderOpened() {
        feed.created("alice", 0);
        for (String leg : List.of("bob", "carol", "dave")) {
            feed.created(leg, "alice", 1);
            feed.dialBegan(leg, "alice", 5);
        }
        assertEquals(3, feed.engine.open());
        feed.dialEnded("carol", "alice", 12, DialStatus.CONGESTION, HangupCause.SWITCH_CONGESTION);
        feed.dialEnded("bob", "alice", 10, DialStatus.BUSY, HangupCause.USER_BUSY);
        assertEquals(1, feed.engine.open());
        feed.dialEnded("dave", "alice", 30, DialStatus.NO_ANSWER, HangupCause.NO_ANSWER);
        for (String leg : List.of("bob", "carol", "dave")) {
            feed.hungUp(leg, 31, HangupCause.NORMAL_CLEARING);
        }
        assertEquals(List.of("alice-carol FAILED 5 -1 12 SWITCH_CONGESTION", "alice-bob BUSY 5 -1 10 USER_BUSY",
                "alice-dave NO_ANSWER 5 -1 30 NO_ANSWER"), feed.lines());
        assertEquals(List.of("2 alice/2", "1 alice/1", "3 alice/3"), feed.numbering(),
                "ids and sequences follow the order the records were opened, not ended");
        assertEquals(0, feed.engine.open());
    }

    /** bob won; carol's answer came too late and she was hung up ANSWERED_ELSEWHERE: her record is not billed. */
    @Test
    void aLegThatAnsweredAfterAnotherWonIsNotAnswered() {
        aliceDialsBob();
        feed.created("carol", "alice", 4);
        feed.dialBegan("carol", "alice", 5);
        feed.up("bob", 10);
        feed.dialEnded("bob", "alice", 10, DialStatus.ANSWERED, null);
        feed.up("carol", 11);
        feed.dialEnded("carol", "alice", 12, DialStatus.CANCELLED, HangupCause.ANSWERED_ELSEWHERE);
        feed.hungUp("carol", 13, HangupCause.ANSWERED_ELSEWHERE);
        assertEquals(List.of("alice-carol NO_ANSWER 5 -1 12 ANSWERED_ELSEWHERE"), feed.lines());
        feed.hungUp("alice", 20, HangupCause.NORMAL_CLEARING);
        assertEquals("alice-bob ANSWERED 5 10 20 NORMAL_CLEARING", feed.lines().get(1));
    }

    @Test
    void aDialEndedsOutcomeDecidesTheDispositionEvenWhenItsCauseSaysOtherwise() {
        aliceDialsBob();
        feed.dialEnded("bob", "alice", 9, DialStatus.UNAVAILABLE, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-bob FAILED 5 -1 9 NORMAL_CLEARING"), feed.lines());
    }

    @Test
    void theCallersHangUpLeavesItsLegsRecordsToTheirDialEnded() {
        aliceDialsBob();
        feed.hungUp("alice", 30, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of(), feed.lines(), "the dial is cancelled: the leg's DialEnded ends the record");
        assertEquals(1, feed.engine.open());
        feed.dialEnded("bob", "alice", 31, DialStatus.CANCELLED, HangupCause.ORIGINATOR_CANCEL);
        feed.hungUp("bob", 32, HangupCause.ORIGINATOR_CANCEL);
        assertEquals(List.of("alice-bob NO_ANSWER 5 -1 31 ORIGINATOR_CANCEL"), feed.lines());
        assertEquals(0, feed.engine.open());
    }

    @Test
    void aLegThatHangsUpBeforeItsDialEndedIsEndedByItsHangUp() {
        feed.created("alice", 0);
        feed.created("bob", "alice", 1);
        feed.created("carol", "alice", 1);
        feed.dialBegan("bob", "alice", 5);
        feed.dialBegan("carol", "alice", 5);
        feed.hungUp("bob", 12, HangupCause.USER_BUSY);
        feed.up("carol", 15);
        feed.hungUp("carol", 16, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-bob BUSY 5 -1 12 USER_BUSY", "alice-carol ANSWERED 5 15 16 NORMAL_CLEARING"),
                feed.lines());
        assertEquals(0, feed.engine.open());
        feed.dialEnded("bob", "alice", 17, DialStatus.BUSY, HangupCause.USER_BUSY);
        feed.hungUp("alice", 20, HangupCause.NORMAL_CLEARING);
        assertEquals(2, feed.records.size(), "a late DialEnded and the caller's hang-up add nothing");
    }

    @Test
    void anOriginatedChannelGetsARecordAloneWithItsOriginatesOutcome() {
        feed.created("bob", 3);
        feed.dialBegan("bob", null, 5);
        assertEquals(0, feed.engine.open(), "an originate opens no record");
        feed.dialEnded("bob", null, 9, DialStatus.UNAVAILABLE, null);
        feed.hungUp("bob", 10, HangupCause.NORMAL_CLEARING);
        feed.created("carol", 20);
        feed.dialBegan("carol", null, 21);
        feed.up("carol", 25);
        feed.dialEnded("carol", null, 26, DialStatus.ANSWERED, null);
        feed.hungUp("carol", 40, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("bob-none FAILED 3 -1 10 NORMAL_CLEARING", "carol-none ANSWERED 20 25 40 NORMAL_CLEARING"),
                feed.lines());
        assertEquals(List.of("1 bob/1", "2 carol/1"), feed.numbering());
    }

    @Test
    void aDialBeganForAChannelOrCallerAlreadyGoneOpensNothing() {
        feed.created("alice", 0);
        feed.created("bob", "alice", 1);
        feed.hungUp("alice", 2, HangupCause.NORMAL_CLEARING);
        feed.dialBegan("bob", "alice", 3); // its caller hung up first
        feed.created("carol", "alice", 4);
        feed.hungUp("carol", 5, HangupCause.USER_BUSY);
        feed.created("dave", 6);
        feed.dialBegan("carol", "dave", 7); // the leg hung up first
        feed.dialBegan("nobody", "dave", 8); // a channel the engine never saw
        feed.created("erin", 8);
        feed.dialBegan("erin", "nobody", 8); // a caller the engine never saw
        assertEquals(0, feed.engine.open());
        feed.hungUp("bob", 9, HangupCause.ORIGINATOR_CANCEL);
        feed.hungUp("erin", 10, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-none NO_ANSWER 0 -1 2 NORMAL_CLEARING", "carol-none BUSY 4 -1 5 USER_BUSY",
                "bob-none NO_ANSWER 1 -1 9 ORIGINATOR_CANCEL", "erin-none NO_ANSWER 8 -1 10 NORMAL_CLEARING"),
                feed.lines());
        assertEquals(List.of("1 alice/1", "2 alice/2", "3 alice/3", "4 erin/1"), feed.numbering());
    }

    @Test
    void eventsOfChannelsTheEngineNeverSawChangeNothing() {
        aliceDialsBob();
        feed.up("ghost", 6);
        feed.dialEnded("ghost", "alice", 6, DialStatus.BUSY, HangupCause.USER_BUSY);
        feed.owner("ghost", 6, org.strowger.api.event.Owner.NONE, org.strowger.api.event.Owner.application("x"));
        feed.entered(B1, "ghost", 6, "ghost", "alice");
        feed.entered(B1, "alice", 7, "ghost", "alice");
        feed.left(B1, "ghost", 8, BridgeLeft.Reason.LEFT, "alice");
        feed.hungUp("ghost", 9, HangupCause.NORMAL_CLEARING);
        feed.destroyed("ghost", 9);
        assertEquals(List.of(), feed.lines());
        assertEquals(1, feed.engine.open(), "only alice-bob");
        feed.dialEnded("bob", "alice", 10, DialStatus.BUSY, HangupCause.USER_BUSY);
        assertEquals(List.of("alice-bob BUSY 5 -1 10 USER_BUSY"), feed.lines());
    }

    @Test
    void timesOfConcurrentStreamsAreClampedToStartAnswerEnd() {
        aliceDialsBob(); // from 5
        feed.up("bob", 3); // bob's stream read the clock a little earlier than the dial's
        feed.dialEnded("bob", "alice", 6, DialStatus.ANSWERED, null);
        feed.hungUp("bob", 4, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-bob ANSWERED 5 5 5 NORMAL_CLEARING"), feed.lines());

        feed.created("erin", 100);
        feed.up("erin", 99);
        feed.hungUp("erin", 98, HangupCause.NORMAL_CLEARING);
        feed.created("fred", 200);
        feed.up("fred", 260);
        feed.hungUp("fred", 250, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-bob ANSWERED 5 5 5 NORMAL_CLEARING", "erin-none ANSWERED 100 100 100 NORMAL_CLEARING",
                "fred-none ANSWERED 200 250 250 NORMAL_CLEARING"), feed.lines());
    }
}
