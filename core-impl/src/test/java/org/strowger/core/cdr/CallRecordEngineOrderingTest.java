package org.strowger.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.api.BridgeId;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelState;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.event.BridgeEntered;
import org.strowger.api.event.BridgeLeft;
import org.strowger.api.event.ChannelCreated;
import org.strowger.api.event.ChannelDestroyed;
import org.strowger.api.event.ChannelHungUp;
import org.strowger.api.event.ChannelRef;
import org.strowger.api.event.ChannelStateChanged;
import org.strowger.api.event.DialBegan;
import org.strowger.api.event.DialEnded;
import org.strowger.api.event.DialStatus;
import org.strowger.api.event.Owner;
import org.strowger.api.event.OwnerChanged;

/**
 * The call-record engine fed event orders that concurrent streams can produce but that are rare in a whole-core run
 * (white-box: same package): each test is one interleaving, written out, and the records it must give.
 */
class CallRecordEngineOrderingTest {
    private static final BridgeId B1 = BridgeId.of("b1");
    private static final BridgeId B2 = BridgeId.of("b2");

    private final List<CallRecord> records = new ArrayList<>();
    private final CallRecordEngine engine = new CallRecordEngine(records::add);
    private long seq;

    private static ChannelId id(String name) {
        return ChannelId.of(name);
    }

    private static ChannelRef ref(String name) {
        return new ChannelRef(id(name), name, id(name));
    }

    private void created(String name, long t) {
        engine.onEvent(new ChannelCreated(id(name), name, id(name), ++seq, t, "Fake", Direction.INBOUND, "x", null));
    }

    private void up(String name, long t) {
        engine.onEvent(new ChannelStateChanged(id(name), name, id(name), ++seq, t, ChannelState.RINGING,
                ChannelState.UP));
    }

    private void hungUp(String name, long t, HangupCause cause) {
        engine.onEvent(new ChannelHungUp(id(name), name, id(name), ++seq, t, cause));
    }

    private void destroyed(String name, long t) {
        engine.onEvent(new ChannelDestroyed(id(name), name, id(name), ++seq, t));
    }

    private void entered(BridgeId b, String name, long t, String... members) {
        engine.onEvent(new BridgeEntered(b, ++seq, t, ref(name), List.of(ids(members))));
    }

    private void left(BridgeId b, String name, long t, BridgeLeft.Reason why, String... members) {
        engine.onEvent(new BridgeLeft(b, ++seq, t, ref(name), why, List.of(ids(members))));
    }

    private void owner(String name, long t, Owner to) {
        engine.onEvent(new OwnerChanged(id(name), name, id(name), ++seq, t, Owner.bridge(B1), to));
    }

    private static ChannelId[] ids(String... names) {
        ChannelId[] out = new ChannelId[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = id(names[i]);
        }
        return out;
    }

    private static String line(CallRecord r) {
        return r.a().name() + "-" + (r.b() == null ? "none" : r.b().name()) + " " + r.disposition() + " "
                + r.startMillis() + " " + r.answerMillis() + " " + r.endMillis() + " " + r.cause();
    }

    private List<String> lines() {
        return records.stream().map(CallRecordEngineOrderingTest::line).toList();
    }

    /** alice and bob talk in b1 from 10. */
    private void bridged() {
        created("alice", 0);
        created("bob", 1);
        up("alice", 2);
        up("bob", 3);
        entered(B1, "alice", 10, "alice");
        entered(B1, "bob", 10, "alice", "bob");
    }

    @Test
    void aChannelThatHungUpBeforeTheBridgeActivatedItOpensNoRecord() {
        created("alice", 0);
        created("bob", 1);
        up("alice", 2);
        up("bob", 3);
        entered(B1, "alice", 10, "alice");
        // bob commits into b1, then hangs up on its own executor before b1's activate reports it
        hungUp("bob", 20, HangupCause.NORMAL_CLEARING);
        entered(B1, "bob", 21, "alice", "bob");
        destroyed("bob", 22);
        left(B1, "bob", 23, BridgeLeft.Reason.HUNG_UP, "alice");
        assertEquals(List.of("bob-none ANSWERED 1 3 20 NORMAL_CLEARING"), lines());
        assertEquals(0, engine.open(), "no phantom record left open");
        hungUp("alice", 100, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("bob-none ANSWERED 1 3 20 NORMAL_CLEARING", "alice-none ANSWERED 0 2 100 NORMAL_CLEARING"),
                lines(), "alice is not billed with bob's record for her remaining time");
    }

    @Test
    void aRedirectWhoseOwnerChangedComesFirstEndsTheRecordAtTheBridgeLeftWithNoCause() {
        bridged();
        owner("bob", 30, Owner.application("ivr"));
        left(B1, "bob", 31, BridgeLeft.Reason.REDIRECTED, "alice");
        assertEquals(List.of("alice-bob ANSWERED 10 10 31 null"), lines());
        hungUp("bob", 500, HangupCause.USER_BUSY);
        assertEquals(List.of("alice-bob ANSWERED 10 10 31 null"), lines(), "bob's later hang-up is not its cause");
        assertEquals(0, engine.open());
    }

    @Test
    void aMoveWhoseOwnerChangedComesFirstEndsTheRecordAtTheBridgeLeftWithNoCause() {
        bridged();
        // both are moved into b2 (a merge); each channel reports its new owner before b1 reports its departure
        owner("alice", 30, Owner.bridge(B2));
        left(B1, "alice", 30, BridgeLeft.Reason.MOVED, "bob");
        owner("bob", 31, Owner.bridge(B2));
        left(B1, "bob", 31, BridgeLeft.Reason.MOVED);
        assertEquals(List.of("alice-bob ANSWERED 10 10 31 null"), lines(), "ends when the last of them moved on");
        entered(B2, "alice", 32, "alice");
        entered(B2, "bob", 32, "alice", "bob");
        hungUp("bob", 100, HangupCause.NORMAL_CLEARING);
        assertEquals(List.of("alice-bob ANSWERED 10 10 31 null", "alice-bob ANSWERED 32 32 100 NORMAL_CLEARING"),
                lines());
        assertEquals(0, engine.open());
    }

    @Test
    void anAnswerReportedAfterTheCallerHungUpEndsTheRecordAtOnceWithTheCallersCause() {
        created("alice", 0);
        created("bob", 1);
        engine.onEvent(new DialBegan(id("bob"), "bob", id("bob"), ++seq, 5, ref("alice"), "Fake/bob"));
        up("bob", 20);
        hungUp("alice", 21, HangupCause.NORMAL_CLEARING);
        destroyed("alice", 22);
        engine.onEvent(new DialEnded(id("bob"), "bob", id("bob"), ++seq, 23, ref("alice"), DialStatus.ANSWERED,
                null));
        assertEquals(List.of("alice-bob ANSWERED 5 20 23 NORMAL_CLEARING"), lines());
        assertEquals(0, engine.open());
        hungUp("bob", 900, HangupCause.NORMAL_CLEARING);
        assertEquals(1, records.size(), "the leg's late hang-up does not extend the record");
    }
}
