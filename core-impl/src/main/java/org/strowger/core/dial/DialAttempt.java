package org.strowger.core.dial;

import org.strowger.api.ChannelId;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.LegOutcome;
import org.strowger.core.channel.ChannelImpl;
import org.strowger.core.exec.OwnedTimer;

/** One leg attempt of a dial: its target, its channel and what became of it. Owned by the coordinator's executor. */
final class DialAttempt {
    final DialTarget target;
    final int group;
    final int hop;
    final ChannelId forwardedFrom;
    ChannelImpl channel;
    DialLegApp app;
    OwnedTimer timer;
    boolean ended;
    LegOutcome asked;      // what the coordinator hung it up for, if it did
    HangupCause askedCause;
    String redirect;            // the far end's forward target, untrusted
    DialTarget next;            // the hop that follows it
    LegOutcome outcome;
    HangupCause cause;
    String detail = "";

    DialAttempt(DialTarget target, int group, int hop, ChannelId forwardedFrom) {
        this.target = target;
        this.group = group;
        this.hop = hop;
        this.forwardedFrom = forwardedFrom;
    }

    boolean ringing() {
        return !ended && asked == null;
    }
}
