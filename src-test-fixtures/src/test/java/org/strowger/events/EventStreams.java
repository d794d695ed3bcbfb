package org.strowger.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strowger.api.BridgeId;
import org.strowger.api.ChannelId;
import org.strowger.api.OwnerKind;
import org.strowger.api.event.AttendedTransferEnded;
import org.strowger.api.event.BridgeCreated;
import org.strowger.api.event.BridgeDestroyed;
import org.strowger.api.event.BridgeEntered;
import org.strowger.api.event.BridgeLeft;
import org.strowger.api.event.BridgeScopedEvent;
import org.strowger.api.event.ChannelCreated;
import org.strowger.api.event.ChannelDestroyed;
import org.strowger.api.event.ChannelHungUp;
import org.strowger.api.event.ChannelScopedEvent;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.DialBegan;
import org.strowger.api.event.DialEnded;
import org.strowger.api.event.Owner;
import org.strowger.api.event.OwnerChanged;

/** Checks of what a subscriber received: the guarantees docs/events-and-cdr.md states. */
public final class EventStreams {
    private EventStreams() {
    }

    /**
     * For a subscriber that received everything from the start (no filter, no overflow), lists every broken rule:
     * each channel's stream is 1..n in order, created first, destroyed last, one hang-up just before it, dials balanced,
     * hand-overs chained; each bridge's stream is 1..n, created first, destroyed once, membership consistent with the
     * member lists; and a channel's hand-over to a bridge is received before the bridge reports it entered.
     */
    public static List<String> problems(List<CoreEvent> events) {
        List<String> problems = new ArrayList<>();
        Map<ChannelId, List<ChannelScopedEvent>> channels = new HashMap<>();
        Map<BridgeId, List<BridgeScopedEvent>> bridges = new HashMap<>();
        Map<ChannelId, Owner> owner = new HashMap<>();
        // hand-overs of a channel to a bridge, and its entries reported by that bridge: each entry follows a hand-over
        // (a channel handed to a bridge may be handed on before that bridge reports it entered)
        Map<String, int[]> handed = new HashMap<>();
        for (CoreEvent e : events) {
            if (e instanceof ChannelScopedEvent c) {
                channels.computeIfAbsent(c.channelId(), k -> new ArrayList<>()).add(c);
                if (c instanceof OwnerChanged o) {
                    owner.put(c.channelId(), o.to());
                    if (o.to().kind() == OwnerKind.BRIDGE) {
                        handed.computeIfAbsent(c.channelId() + "|" + o.to().bridge(), k -> new int[2])[0]++;
                    }
                }
            } else if (e instanceof BridgeScopedEvent b) {
                bridges.computeIfAbsent(b.bridgeId(), k -> new ArrayList<>()).add(b);
                if (b instanceof BridgeEntered en) {
                    Owner o = owner.get(en.channel().id());
                    int[] h = handed.computeIfAbsent(en.channel().id() + "|" + en.bridgeId(), k -> new int[2]);
                    if (++h[1] > h[0]) {
                        problems.add(en.channel().id() + " entered " + en.bridgeId() + " before its own stream said it"
                                + " was handed to it (owner then: " + o + ")");
                    }
                }
            }
        }
        channels.forEach((id, stream) -> channelProblems(id, stream, problems));
        bridges.forEach((id, stream) -> bridgeProblems(id, stream, problems));
        return problems;
    }

    private static void channelProblems(ChannelId id, List<ChannelScopedEvent> s, List<String> problems) {
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i).sequence() != i + 1) {
                problems.add(id + ": event " + i + " has sequence " + s.get(i).sequence() + ": " + kinds(s));
                return;
            }
        }
        if (!(s.get(0) instanceof ChannelCreated)) {
            problems.add(id + ": first event is " + s.get(0).kind());
        }
        if (!(s.get(s.size() - 1) instanceof ChannelDestroyed)) {
            problems.add(id + ": last event is " + s.get(s.size() - 1).kind() + ": " + kinds(s));
        }
        long hangups = s.stream().filter(e -> e instanceof ChannelHungUp).count();
        if (hangups != 1 || s.size() < 3 || !(s.get(s.size() - 2) instanceof ChannelHungUp)) {
            problems.add(id + ": " + hangups + " hang-ups, not just before destroyed: " + kinds(s));
        }
        Owner current = Owner.NONE;
        boolean dialing = false;
        for (ChannelScopedEvent e : s) {
            if (!e.linkedId().equals(s.get(0).linkedId()) || !e.channelName().equals(s.get(0).channelName())) {
                problems.add(id + ": linked id or name changed at " + e);
            }
            if (e instanceof OwnerChanged o) {
                if (!o.from().equals(current)) {
                    problems.add(id + ": hand-over " + o.from() + " -> " + o.to() + " but the owner was " + current);
                }
                current = o.to();
            } else if (e instanceof DialBegan) {
                if (dialing) {
                    problems.add(id + ": a second dial began before the first ended");
                }
                dialing = true;
            } else if (e instanceof DialEnded) {
                if (!dialing) {
                    problems.add(id + ": a dial ended that never began");
                }
                dialing = false;
            } else if (e instanceof ChannelHungUp && dialing) {
                problems.add(id + ": hung up with a dial open");
            }
        }
    }

    private static void bridgeProblems(BridgeId id, List<BridgeScopedEvent> s, List<String> problems) {
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i).sequence() != i + 1) {
                problems.add(id + ": event " + i + " has sequence " + s.get(i).sequence());
                return;
            }
        }
        if (!(s.get(0) instanceof BridgeCreated)) {
            problems.add(id + ": first event is " + s.get(0).kind());
        }
        Set<ChannelId> members = new LinkedHashSet<>();
        boolean destroyed = false;
        for (int i = 0; i < s.size(); i++) {
            BridgeScopedEvent e = s.get(i);
            if (destroyed && !(e instanceof AttendedTransferEnded)) {
                problems.add(id + ": " + e.kind() + " after BridgeDestroyed");
            }
            List<ChannelId> reported = null;
            if (e instanceof BridgeEntered en) {
                if (!members.add(en.channel().id())) {
                    problems.add(id + ": " + en.channel().id() + " entered twice");
                }
                reported = en.members();
                // a swap: the outgoing member's BridgeLeft follows at once, and both report the members after it
                if (i + 1 < s.size() && s.get(i + 1) instanceof BridgeLeft l
                        && l.reason() == BridgeLeft.Reason.SWAPPED_OUT) {
                    i++;
                    if (!members.remove(l.channel().id()) || !l.members().equals(en.members())) {
                        problems.add(id + ": swap of " + l.channel().id() + " for " + en.channel().id()
                                + " inconsistent with the members " + members);
                    }
                }
            } else if (e instanceof BridgeLeft l) {
                if (!members.remove(l.channel().id())) {
                    problems.add(id + ": " + l.channel().id() + " left (" + l.reason() + ") but was not a member");
                }
                reported = l.members();
            } else if (e instanceof BridgeDestroyed) {
                if (destroyed || !members.isEmpty()) {
                    problems.add(id + ": destroyed twice or with members " + members);
                }
                destroyed = true;
            }
            if (reported != null && !reported.equals(new ArrayList<>(members))) {
                problems.add(id + ": " + e.kind() + " reports members " + reported + ", entered/left say " + members);
            }
        }
        if (!destroyed) {
            problems.add(id + ": never destroyed");
        }
    }

    private static List<String> kinds(List<ChannelScopedEvent> s) {
        return s.stream().map(e -> e.sequence() + ":" + e.kind()).toList();
    }
}
