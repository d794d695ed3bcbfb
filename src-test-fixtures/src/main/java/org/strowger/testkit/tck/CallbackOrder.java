package org.strowger.testkit.tck;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.strowger.testkit.Callback;

/**
 * The SPI's order rules, checked on the callback log of one destroyed channel: {@code newChannel} (or the inbound
 * factory) first; {@code call} only outbound and {@code answer} only inbound, each at most once; each
 * {@code dtmfEnd} closes an earlier {@code dtmfBegin} of the same digit; {@code bridged} and {@code unbridged}
 * alternate, {@code bridged} first; {@code hangup} once; after it nothing but {@code unbridged} and then
 * {@code close}, once and last.
 */
final class CallbackOrder {
    private CallbackOrder() {
    }

    static List<String> violations(RecordingTech.Recorded r) {
        List<String> out = new ArrayList<>();
        List<Callback> log = r.log().callbacks();
        List<String> names = log.stream().map(Callback::name).toList();
        if (names.isEmpty() || !names.get(0).equals("newChannel")) {
            out.add("the first callback is not newChannel (the inbound factory): " + names);
        }
        String forbidden = r.inbound() ? "call" : "answer";
        if (names.contains(forbidden)) {
            out.add(forbidden + " ran on an " + (r.inbound() ? "inbound" : "outbound") + " channel");
        }
        for (String once : List.of("call", "answer")) {
            if (r.log().count(once) > 1) {
                out.add(once + " ran " + r.log().count(once) + " times");
            }
        }
        if (r.log().count("hangup") != 1 || r.log().count("close") != 1) {
            out.add("hangup ran " + r.log().count("hangup") + " times and close " + r.log().count("close")
                    + " times, not once each");
        }
        if (!names.isEmpty() && !names.get(names.size() - 1).equals("close")) {
            out.add("close is not last: " + names);
        }
        Map<Object, Integer> openDtmf = new HashMap<>();
        boolean bridged = false;
        boolean hungUp = false;
        for (Callback c : log) {
            String n = c.name();
            if (hungUp && !n.equals("unbridged") && !n.equals("close")) {
                out.add(n + " ran after hangup: " + names);
            }
            switch (n) {
                case "dtmfBegin" -> openDtmf.merge(c.argument(), 1, Integer::sum);
                case "dtmfEnd" -> {
                    if (openDtmf.getOrDefault(c.argument(), 0) == 0) {
                        out.add("dtmfEnd(" + c.argument() + ") without a dtmfBegin before it: " + names);
                    } else {
                        openDtmf.merge(c.argument(), -1, Integer::sum);
                    }
                }
                case "bridged", "unbridged" -> {
                    if (bridged == n.equals("bridged")) {
                        out.add(n + " out of turn (bridged and unbridged alternate, bridged first): " + names);
                    }
                    bridged = n.equals("bridged");
                }
                case "hangup" -> hungUp = true;
                default -> {
                }
            }
        }
        return out;
    }
}
