package org.strowger.core.cdr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * A hand-written event stream for a {@link CallRecordEngine} (white-box: same package), and the records it hands on,
 * one line each: {@code "A-B DISPOSITION start answer end cause"} (B is {@code none} for a record alone).
 * Channels are named; a channel's linked id is its own name unless it was created on behalf of another call.
 */
final class CallRecordFeed {
    final List<CallRecord> records = new ArrayList<>();
    final CallRecordEngine engine = new CallRecordEngine(records::add);
    private final Map<String, ChannelId> linked = new HashMap<>();
    private long seq;

    static ChannelId id(String name) {
        return ChannelId.of(name);
    }

    private ChannelRef ref(String name) {
        return new ChannelRef(id(name), name, linkedOf(name));
    }

    private ChannelId linkedOf(String name) {
        return linked.getOrDefault(name, id(name));
    }

    void created(String name, long t) {
        created(name, name, t);
    }

    /** A channel of the call whose linked id is {@code call}. */
    void created(String name, String call, long t) {
        linked.put(name, id(call));
        engine.onEvent(new ChannelCreated(id(name), name, id(call), ++seq, t, "Fake", Direction.OUTBOUND, name, null));
    }

    boolean knows(String name) {
        return linked.containsKey(name);
    }

    void state(String name, long t, ChannelState from, ChannelState to) {
        engine.onEvent(new ChannelStateChanged(id(name), name, linkedOf(name), ++seq, t, from, to));
    }

    void up(String name, long t) {
        state(name, t, ChannelState.RINGING, ChannelState.UP);
    }

    void dialBegan(String leg, String caller, long t) {
        engine.onEvent(new DialBegan(id(leg), leg, linkedOf(leg), ++seq, t, caller == null ? null : ref(caller),
                "Fake/" + leg));
    }

    void dialEnded(String leg, String caller, long t, DialStatus outcome, HangupCause cause) {
        engine.onEvent(new DialEnded(id(leg), leg, linkedOf(leg), ++seq, t, caller == null ? null : ref(caller),
                outcome, cause));
    }

    void hungUp(String name, long t, HangupCause cause) {
        engine.onEvent(new ChannelHungUp(id(name), name, linkedOf(name), ++seq, t, cause));
    }

    void destroyed(String name, long t) {
        engine.onEvent(new ChannelDestroyed(id(name), name, linkedOf(name), ++seq, t));
    }

    /** {@code name} entered {@code bridge}, whose members are now {@code members} (including it). */
    void entered(BridgeId bridge, String name, long t, String... members) {
        engine.onEvent(new BridgeEntered(bridge, ++seq, t, ref(name), ids(members)));
    }

    /** {@code name} left {@code bridge}, whose members are now {@code members}. */
    void left(BridgeId bridge, String name, long t, BridgeLeft.Reason why, String... members) {
        engine.onEvent(new BridgeLeft(bridge, ++seq, t, ref(name), why, ids(members)));
    }

    void owner(String name, long t, Owner from, Owner to) {
        engine.onEvent(new OwnerChanged(id(name), name, linkedOf(name), ++seq, t, from, to));
    }

    private static List<ChannelId> ids(String... names) {
        List<ChannelId> out = new ArrayList<>();
        for (String n : names) {
            out.add(id(n));
        }
        return out;
    }

    static String line(CallRecord r) {
        return r.a().name() + "-" + (r.b() == null ? "none" : r.b().name()) + " " + r.disposition() + " "
                + r.startMillis() + " " + r.answerMillis() + " " + r.endMillis() + " " + r.cause();
    }

    List<String> lines() {
        return records.stream().map(CallRecordFeed::line).toList();
    }

    /** Each record's {@code "id linkedId/sequence"}, in the order handed on. */
    List<String> numbering() {
        return records.stream().map(r -> r.id() + " " + r.linkedId().value() + "/" + r.sequence()).toList();
    }
}
