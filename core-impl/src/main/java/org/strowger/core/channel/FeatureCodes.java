package org.strowger.core.channel;

import java.time.Duration;
import java.util.Set;
import org.strowger.api.Bridge;
import org.strowger.api.frame.DtmfBegin;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.core.exec.OwnedTimer;

/*
 * DTMF feature-code matching for one bridge member, on the member's executor: a digit is held back while, with the
 * digits held before it, it may still become one of the bridge's sequences. A complete sequence drops the held digits
 * and tells the bridge (Keyed); a digit that cannot continue any sequence releases the held ones and itself, in the
 * order keyed; so does Bridge.DTMF_INTERDIGIT_TIMEOUT without a further digit. Released digits go to the two-party
 * peer, each as a begin/end pair with the duration of the last digit keyed. Matching restarts after a release, without
 * backtracking. Exists only while the member's bridge has feature codes.
 */
final class FeatureCodes {
    private final ChannelImpl channel;
    private final OwnedTimer interdigit;
    private Set<String> sequences;
    private String held = "";

    FeatureCodes(ChannelImpl channel, Set<String> sequences) {
        this.channel = channel;
        this.sequences = sequences;
        this.interdigit = new OwnedTimer(channel.executor, channel.rt.scheduler());
    }

    void setSequences(Set<String> now) {
        sequences = now;
    }

    /** The far end keyed {@code e} while the channel is a member of {@code bridge}. Executor only. */
    void keyed(DtmfEnd e, BridgeSide bridge) {
        String candidate = held + e.digit();
        if (sequences.contains(candidate)) {
            held = "";
            interdigit.cancel();
            bridge.post(new Membership.Keyed(channel, candidate));
            return;
        }
        held = candidate;
        for (String seq : sequences) {
            if (seq.startsWith(candidate)) {
                interdigit.arm(Bridge.DTMF_INTERDIGIT_TIMEOUT.toNanos(), () -> release(e.duration()));
                return;
            }
        }
        release(e.duration());
    }

    private void release(Duration duration) {
        String digits = held;
        held = "";
        interdigit.cancel();
        for (int i = 0; i < digits.length(); i++) {
            channel.ownership.toPeer(new DtmfBegin(digits.charAt(i)));
            channel.ownership.toPeer(new DtmfEnd(digits.charAt(i), duration));
        }
    }

    /** The member left its bridge: held digits are dropped, the timer disarmed. Executor only. */
    void clear() {
        held = "";
        interdigit.cancel();
    }
}
