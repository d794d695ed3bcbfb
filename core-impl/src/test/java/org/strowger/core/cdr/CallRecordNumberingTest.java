package org.strowger.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.api.HangupCause;

/**
 * Record ids count over the core; sequences count within a call (its linked id), including records of channels
 * created for a call whose channels were all gone, until ENDED_CALLS_KEPT later calls have ended: then the engine
 * forgets it, so a long-running core does not keep every call it ever saw.
 */
class CallRecordNumberingTest {
    private final CallRecordFeed feed = new CallRecordFeed();

    private void aloneCall(String name, String call) {
        feed.created(name, call, 0);
        feed.hungUp(name, 1, HangupCause.NORMAL_CLEARING);
        feed.destroyed(name, 2);
    }

    private void laterCallsEnd(int n) {
        for (int i = 0; i < n; i++) {
            aloneCall("other-" + i, "other-" + i);
        }
    }

    private String lastNumbering() {
        List<String> n = feed.numbering();
        return n.get(n.size() - 1);
    }

    @Test
    void aChannelCreatedForACallWhoseChannelsAreGoneContinuesItsNumbering() {
        aloneCall("local-1", "x");
        laterCallsEnd(CallRecordEngine.ENDED_CALLS_KEPT - 1);
        aloneCall("local-2", "x"); // e.g. a Local ;2 whose ;1 hung up during its call()
        assertEquals("1 x/1", feed.numbering().get(0));
        assertEquals("2 other-0/1", feed.numbering().get(1));
        assertEquals((CallRecordEngine.ENDED_CALLS_KEPT + 1) + " x/2", lastNumbering(),
                "still within the last " + CallRecordEngine.ENDED_CALLS_KEPT + " ended calls");
    }

    @Test
    void aCallIsForgottenAfterEnoughLaterCallsHaveEnded() {
        aloneCall("local-1", "x");
        laterCallsEnd(CallRecordEngine.ENDED_CALLS_KEPT);
        aloneCall("local-2", "x");
        assertEquals((CallRecordEngine.ENDED_CALLS_KEPT + 2) + " x/1", lastNumbering());
    }

    @Test
    void aCallThatIsLiveAgainIsNotForgotten() {
        aloneCall("local-1", "x");
        feed.created("local-2", "x", 3); // x lives again before it is due to be forgotten
        laterCallsEnd(CallRecordEngine.ENDED_CALLS_KEPT + 10);
        feed.hungUp("local-2", 4, HangupCause.NORMAL_CLEARING);
        assertEquals((CallRecordEngine.ENDED_CALLS_KEPT + 12) + " x/2", lastNumbering());
    }

    @Test
    void aCallEndsOnlyWhenItsLastChannelIsDestroyed() {
        feed.created("a1", "y", 0);
        feed.created("a2", "y", 0);
        feed.hungUp("a1", 1, HangupCause.NORMAL_CLEARING);
        feed.destroyed("a1", 2);
        laterCallsEnd(CallRecordEngine.ENDED_CALLS_KEPT - 1); // y is not among them: a2 still lives
        feed.hungUp("a2", 3, HangupCause.NORMAL_CLEARING);
        feed.destroyed("a2", 4);
        feed.created("a3", "y", 5);
        feed.hungUp("a3", 6, HangupCause.NORMAL_CLEARING);
        int kept = CallRecordEngine.ENDED_CALLS_KEPT;
        assertEquals(List.of("1 y/1", (kept + 1) + " y/2", (kept + 2) + " y/3"), List.of(feed.numbering().get(0),
                feed.numbering().get(feed.records.size() - 2), lastNumbering()));
    }

    @Test
    void aCallThatEndedTwiceIsForgottenOnce() {
        aloneCall("local-1", "x");
        aloneCall("local-2", "x"); // x ended, lived again and ended again
        laterCallsEnd(CallRecordEngine.ENDED_CALLS_KEPT + 1);
        aloneCall("local-3", "x");
        assertEquals((CallRecordEngine.ENDED_CALLS_KEPT + 4) + " x/1", lastNumbering());
    }
}
