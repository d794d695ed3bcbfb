package org.strowger.core.cdr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.strowger.api.BridgeId;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.Party;
import org.strowger.api.cdr.CallParty;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.cdr.Disposition;
import org.strowger.api.event.BridgeEntered;
import org.strowger.api.event.BridgeLeft;
import org.strowger.api.event.ChannelCreated;
import org.strowger.api.event.ChannelDestroyed;
import org.strowger.api.event.ChannelHungUp;
import org.strowger.api.event.ChannelStateChanged;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.DialBegan;
import org.strowger.api.event.DialEnded;
import org.strowger.api.event.DialStatus;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.OwnerChanged;

/*
 * Turns the core's events into call records, and nothing else: it reads no channel, bridge or dial state. It is one
 * more event subscriber (CallRecords subscribes it on the core's pool with an unbounded queue), so it sees each stream
 * in order and causally ordered events in that order, and it runs one event at a time: plain fields, no locks.
 *
 * Model (docs/events-and-cdr.md, "Call records"): a record is a pair of channels (A, B), or one channel alone. It is
 * opened by a DialBegan (A = caller, B = leg; phase DIALING) or by two channels becoming members of one bridge with no
 * open record between them (A = the older, by the order of their ChannelCreated; phase BRIDGED). A DIALING record
 * ends with its DialEnded, unless that says ANSWERED (phase ANSWERED, answer = the leg's answer) and it goes on into
 * the bridge the two later share. A BRIDGED record is answered when both parties are up while bridged, and ends when
 * either hangs up or leaves the bridge, except that a party moved into another bridge leaves the record HELD (the
 * party left behind waits, as a transferee on hold does while its transferer consults): it resumes if the mover comes
 * back, and ends when someone else enters that bridge, the party left behind leaves it, or either hangs up. A party
 * that moves or is redirected out of a bridge ends its other records there at once, with no cause (its OwnerChanged
 * may come before the BridgeLeft). Another record that ends without a hang-up waits for the next ownership event of
 * the party whose departure ended it and takes its cause if that is its hang-up (a swapped-out transferer hung up by
 * its after-bridge policy, a picked-up leg hung up with ANSWERED_ELSEWHERE), else none. A channel that ends up in no
 * record at all gets one of its own at its hang-up.
 *
 * Timestamps of concurrent streams are read from one clock by different threads, so two causally unrelated events may
 * carry times out of order by a little: a record's times are clamped to start <= answer <= end.
 */
final class CallRecordEngine {
    /** The event kinds the engine needs; the others are never built for it. */
    static final EventKind[] KINDS = {EventKind.CHANNEL_CREATED, EventKind.STATE_CHANGED, EventKind.DIAL_BEGAN,
        EventKind.DIAL_ENDED, EventKind.OWNER_CHANGED, EventKind.HUNG_UP, EventKind.CHANNEL_DESTROYED,
        EventKind.BRIDGE_ENTERED, EventKind.BRIDGE_LEFT};

    static final int ENDED_CALLS_KEPT = 4096;

    private enum Phase { DIALING, ANSWERED, BRIDGED, HELD }

    /** What the engine knows of one live channel. */
    private static final class Party {
        final CallParty party;
        final ChannelId linkedId;
        final long order;
        final long createdAt;
        long answeredAt = CallRecord.NOT_ANSWERED;
        BridgeId bridge;
        boolean hungUp;
        HangupCause cause; // of its hang-up
        boolean recorded;
        DialStatus originateOutcome;
        final List<Rec> open = new ArrayList<>(2);
        List<Rec> pending;

        Party(ChannelCreated c, long order) {
            this.party = new CallParty(c.channelId(), c.channelName(), c.tech());
            this.linkedId = c.linkedId();
            this.order = order;
            this.createdAt = c.timestampMillis();
        }

        boolean up() {
            return answeredAt != CallRecord.NOT_ANSWERED;
        }
    }

    /** One record while it is open, or closed and waiting for its cause. */
    private static final class Rec {
        final long id;
        final int sequence;
        final Party a;
        final Party b;
        final long start;
        long answer = CallRecord.NOT_ANSWERED;
        Phase phase;
        BridgeId bridge;
        Party mover;
        long end;
        DialStatus outcome;

        Rec(long id, int sequence, Party a, Party b, long start, Phase phase) {
            this.id = id;
            this.sequence = sequence;
            this.a = a;
            this.b = b;
            this.start = start;
            this.phase = phase;
        }

        Party other(Party p) {
            return p == a ? b : a;
        }
    }

    /** Per linked id: the next record sequence, and how many of its channels are alive. */
    private static final class Call {
        int nextSequence = 1;
        int live;
    }

    private final Map<ChannelId, Party> parties = new HashMap<>();
    private final Map<ChannelId, Call> calls = new HashMap<>();
    private final ArrayDeque<ChannelId> ended = new ArrayDeque<>(); // calls with no live channel
    private final Consumer<CallRecord> out;
    private long created;
    private long nextId = 1;
    private volatile long open; // written by the engine's executor only; read by metrics

    CallRecordEngine(Consumer<CallRecord> out) {
        this.out = out;
    }

    /** Records opened and not yet handed on. Any thread. */
    long open() {
        return open;
    }

    void onEvent(CoreEvent event) {
        switch (event) {
            case ChannelCreated c -> created(c);
            case ChannelStateChanged s -> {
                Party p = parties.get(s.channelId());
                if (p != null && s.to() == ChannelState.UP) {
                    answered(p, s.timestampMillis());
                }
            }
            case DialBegan d -> dialBegan(d);
            case DialEnded d -> dialEnded(d);
            case OwnerChanged o -> {
                Party p = parties.get(o.channelId());
                if (p != null) {
                    resolve(p, null);
                }
            }
            case ChannelHungUp h -> hungUp(h);
            case ChannelDestroyed d -> destroyed(d);
            case BridgeEntered e -> entered(e);
            case BridgeLeft l -> left(l);
            default -> { }
        }
    }

    private void created(ChannelCreated c) {
        Party p = new Party(c, ++created);
        parties.put(p.party.id(), p);
        calls.computeIfAbsent(p.linkedId, k -> new Call()).live++;
    }

    private void answered(Party p, long now) {
        if (p.up()) {
            return;
        }
        p.answeredAt = now;
        for (Rec r : p.open) {
            if (r.phase == Phase.BRIDGED) {
                answerIfBothUp(r, now);
            }
        }
    }

    private void dialBegan(DialBegan d) {
        Party leg = parties.get(d.channelId());
        if (leg == null || leg.hungUp) {
            return;
        }
        Party caller = d.caller() == null ? null : parties.get(d.caller().id());
        if (caller == null || caller.hungUp) {
            return; // an originate, or a caller already gone: the leg gets a record of its own at its hang-up
        }
        open(caller, leg, d.timestampMillis(), Phase.DIALING);
    }

    private void dialEnded(DialEnded d) {
        Party leg = parties.get(d.channelId());
        if (leg == null) {
            return;
        }
        Rec r = dialOf(leg);
        if (r == null) {
            leg.originateOutcome = d.status();
            return;
        }
        if (d.status() == DialStatus.ANSWERED) {
            r.answer = leg.up() ? leg.answeredAt : d.timestampMillis();
            r.phase = Phase.ANSWERED;
            if (r.a.hungUp) { // the caller hung up before the answer was reported: nothing goes on into a bridge
                close(r, d.timestampMillis(), null);
                finish(r, r.a.cause);
            } else if (leg.bridge != null && leg.bridge.equals(r.a.bridge)) { // already together (not the dialer's)
                r.phase = Phase.BRIDGED;
                r.bridge = leg.bridge;
            }
        } else {
            r.outcome = d.status();
            close(r, d.timestampMillis(), null);
            finish(r, d.cause());
        }
    }

    /** The open DIALING record whose leg is {@code leg}, or null. */
    private static Rec dialOf(Party leg) {
        for (Rec r : leg.open) {
            if (r.phase == Phase.DIALING && r.b == leg) {
                return r;
            }
        }
        return null;
    }

    private void entered(BridgeEntered e) {
        Party p = parties.get(e.channel().id());
        if (p == null || p.hungUp) {
            return; // hung up on its own executor between its commit and the bridge's activate: never really there
        }
        BridgeId bridge = e.bridgeId();
        long now = e.timestampMillis();
        p.bridge = bridge;
        for (ChannelId id : e.members()) {
            Party m = parties.get(id);
            if (m == null || m == p || m.hungUp) {
                continue;
            }
            Rec r = between(p, m);
            if (r == null) {
                r = m.order < p.order ? open(m, p, now, Phase.BRIDGED) : open(p, m, now, Phase.BRIDGED);
            } else if (r.phase == Phase.DIALING) {
                continue; // a leg still ringing for its dial: the dial decides
            }
            r.phase = Phase.BRIDGED;
            r.bridge = bridge;
            r.mover = null;
            answerIfBothUp(r, now);
        }
        // someone else took the place of a party that had moved away: the held records of the bridge end
        for (Party m : partiesIn(e.members())) {
            for (Rec r : List.copyOf(m.open)) {
                if (r.phase == Phase.HELD && bridge.equals(r.bridge) && r.mover != p) {
                    close(r, now, r.mover);
                }
            }
        }
    }

    private List<Party> partiesIn(List<ChannelId> ids) {
        List<Party> in = new ArrayList<>(ids.size());
        for (ChannelId id : ids) {
            Party m = parties.get(id);
            if (m != null) {
                in.add(m);
            }
        }
        return in;
    }

    private void left(BridgeLeft l) {
        Party p = parties.get(l.channel().id());
        if (p == null) {
            return;
        }
        BridgeId bridge = l.bridgeId();
        long now = l.timestampMillis();
        if (bridge.equals(p.bridge)) {
            p.bridge = null;
        }
        // p moved on rather than hung up, and its own OwnerChanged may have come already: no cause to wait for
        boolean movedOn = l.reason() == BridgeLeft.Reason.MOVED || l.reason() == BridgeLeft.Reason.REDIRECTED;
        for (Rec r : List.copyOf(p.open)) {
            if (!bridge.equals(r.bridge)) {
                continue;
            }
            if (r.phase == Phase.BRIDGED) {
                Party other = r.other(p);
                if (l.reason() == BridgeLeft.Reason.MOVED && bridge.equals(other.bridge) && !other.hungUp) {
                    r.phase = Phase.HELD;
                    r.mover = p;
                } else {
                    departed(r, now, p, movedOn);
                }
            } else if (r.phase == Phase.HELD && r.mover != p) {
                departed(r, now, p, movedOn); // the party left behind leaves too
            }
        }
    }

    private void departed(Rec r, long now, Party p, boolean movedOn) {
        if (movedOn) {
            close(r, now, null);
            finish(r, null);
        } else {
            close(r, now, p);
        }
    }

    private void hungUp(ChannelHungUp h) {
        Party p = parties.get(h.channelId());
        if (p == null) {
            return;
        }
        long now = h.timestampMillis();
        p.hungUp = true;
        p.cause = h.cause();
        p.bridge = null;
        resolve(p, h.cause());
        for (Rec r : List.copyOf(p.open)) {
            if (r.phase == Phase.DIALING) {
                if (r.b == p) { // the leg's DialEnded comes before its hang-up; this is only a safety net
                    r.outcome = DialStatus.of(h.cause(), p.up());
                    if (r.outcome == DialStatus.ANSWERED) {
                        r.answer = p.answeredAt;
                    }
                    close(r, now, null);
                    finish(r, h.cause());
                } // a caller's hang-up cancels its dial: the legs' DialEnded close the records
                continue;
            }
            close(r, now, null);
            finish(r, h.cause());
        }
        if (!p.recorded) {
            alone(p, now, h.cause());
        }
    }

    private void destroyed(ChannelDestroyed d) {
        Party p = parties.remove(d.channelId());
        if (p == null) {
            return;
        }
        Call c = calls.get(p.linkedId);
        if (c != null && --c.live == 0) {
            retire(p.linkedId);
        }
    }

    /**
     * A call whose channels are all gone is forgotten only after ENDED_CALLS_KEPT later ones: a channel created on
     * behalf of one that was destroyed meanwhile (a Local ;2 whose ;1 hung up during its call()) still continues the
     * numbering of its call.
     */
    private void retire(ChannelId linkedId) {
        ended.addLast(linkedId);
        while (ended.size() > ENDED_CALLS_KEPT) {
            ChannelId old = ended.removeFirst();
            Call c = calls.get(old);
            if (c != null && c.live == 0) {
                calls.remove(old);
            }
        }
    }

    // ---- records ----

    private Rec open(Party a, Party b, long start, Phase phase) {
        Call call = calls.computeIfAbsent(a.linkedId, k -> new Call());
        Rec r = new Rec(nextId++, call.nextSequence++, a, b, start, phase);
        a.open.add(r);
        b.open.add(r);
        a.recorded = true;
        b.recorded = true;
        open = open + 1;
        return r;
    }

    /** The open record between two parties, or null. */
    private static Rec between(Party p, Party m) {
        for (Rec r : p.open) {
            if (r.other(p) == m) {
                return r;
            }
        }
        return null;
    }

    private static void answerIfBothUp(Rec r, long now) {
        if (r.answer == CallRecord.NOT_ANSWERED && r.a.up() && r.b.up()) {
            r.answer = now;
        }
    }

    /**
     * Ends {@code r} at {@code end}. If {@code departed} is not null, its cause is the hang-up of that party if its next
     * ownership event is its hang-up: it waits for that event; otherwise the caller finishes it.
     */
    private void close(Rec r, long end, Party departed) {
        r.a.open.remove(r);
        r.b.open.remove(r);
        r.end = end;
        if (departed != null) {
            if (departed.pending == null) {
                departed.pending = new ArrayList<>(2);
            }
            departed.pending.add(r);
        }
    }

    /** The next ownership event of {@code p} has come: its records waiting for a cause are finished with it. */
    private void resolve(Party p, HangupCause cause) {
        List<Rec> waiting = p.pending;
        if (waiting != null) {
            p.pending = null;
            for (Rec r : waiting) {
                finish(r, cause);
            }
        }
    }

    private void finish(Rec r, HangupCause cause) {
        long end = Math.max(r.end, r.start);
        long answer = r.answer == CallRecord.NOT_ANSWERED ? r.answer : Math.min(Math.max(r.answer, r.start), end);
        Disposition disposition = answer != CallRecord.NOT_ANSWERED ? Disposition.ANSWERED
                : r.outcome != null && r.outcome != DialStatus.ANSWERED ? Disposition.of(r.outcome)
                : Disposition.ofUnanswered(cause);
        open = open - 1;
        out.accept(new CallRecord(r.id, r.a.linkedId, r.sequence, r.a.party, r.b.party, r.start, answer, end,
                disposition, cause));
    }

    /** The record of a channel that was never dialled nor bridged. */
    private void alone(Party p, long end, HangupCause cause) {
        Call call = calls.computeIfAbsent(p.linkedId, k -> new Call());
        long start = p.createdAt;
        end = Math.max(end, start);
        long answer = p.up() ? Math.min(Math.max(p.answeredAt, start), end) : CallRecord.NOT_ANSWERED;
        Disposition disposition = p.up() ? Disposition.ANSWERED
                : p.originateOutcome != null && p.originateOutcome != DialStatus.ANSWERED
                        ? Disposition.of(p.originateOutcome) : Disposition.ofUnanswered(cause);
        p.recorded = true;
        out.accept(new CallRecord(nextId++, p.linkedId, call.nextSequence++, p.party, null, start, answer, end,
                disposition, cause));
    }
}
