package org.strowger.load;

import org.strowger.api.Application;
import org.strowger.api.Channel;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.OnAnswer;

/**
 * A call queue behind a Local channel: owns the Local pair's second half ({@code ;2}), rings one agent and bridges
 * it with {@code ;2} (which answers {@code ;2}, and so the Local leg of the caller's dial). The pair then optimises
 * itself away, unless it was dialled with {@code /n}. Runs on {@code ;2}'s executor only.
 */
final class QueueApplication implements Application {
    private final Pbx pbx;

    QueueApplication(Pbx pbx) {
        this.pbx = pbx;
    }

    @Override
    public void onAttach(Channel channel) {
        DialRequest request = DialRequest.of(DialString.of(DialTarget.of(LoadTech.NAME, pbx.mix().agent())))
                .withCaller(channel)
                .withOnAnswer(OnAnswer.bridgeWith(channel));
        pbx.core().dial(request).result().thenAccept(r -> {
            pbx.outcomes().dial("queue", r);
            if (r.outcome() != DialOutcome.ANSWERED) {
                channel.hangup(HangupCause.NORMAL_CLEARING).exceptionally(t -> null);
            }
        });
    }
}
