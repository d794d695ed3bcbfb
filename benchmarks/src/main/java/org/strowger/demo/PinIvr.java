package org.strowger.demo;

import java.time.Duration;
import org.strowger.api.Application;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.ChannelEvent;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.OnAnswer;

/**
 * The IVR of docs/architecture.md ("Writing an application"): answers, collects a PIN within 10 s, rings the agent,
 * and once they talk lets the agent key *2 to consult a supervisor (an attended transfer) and *2 again to hand the
 * caller over. One instance per call: its fields are touched only on the caller's executor.
 */
final class PinIvr implements Application {
    private final String pin;
    private final DialTarget agent;
    private final OutboundRequest supervisor;
    private final StringBuilder keyed = new StringBuilder();
    private Cancellable giveUp;

    PinIvr(String pin, DialTarget agent, OutboundRequest supervisor) {
        this.pin = pin;
        this.agent = agent;
        this.supervisor = supervisor;
    }

    @Override
    public void onAttach(Channel caller) {
        caller.answer();
        giveUp = caller.schedule(Duration.ofSeconds(10), () -> caller.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Override
    public void onEvent(Channel caller, ChannelEvent event) {
        if (!(event instanceof ChannelEvent.DtmfEnded digit) || keyed.length() == pin.length()) {
            return;
        }
        keyed.append(digit.digit());
        if (keyed.length() < pin.length()) {
            return;
        }
        giveUp.cancel();
        if (!keyed.toString().equals(pin)) {
            caller.hangup(HangupCause.CALL_REJECTED);
            return;
        }
        caller.core().dial(DialRequest.of(DialString.of(agent)).withCaller(caller)
                .withOnAnswer(OnAnswer.bridgeWith(caller))).result().thenAccept(call -> {
                    if (call.bridge() != null) {           // the agent answered: caller and agent talk in it
                        call.bridge().addDtmfHook("*2", (bridge, member, code) -> {
                            if (member.equals(call.winner())) { // only the agent may transfer
                                member.core().attendedTransfer(member, supervisor).thenAccept(transfer -> transfer
                                        .consultation().addDtmfHook("*2", (b, who, c) -> {
                                            if (who.equals(member)) {
                                                transfer.complete(); // the caller now talks to the supervisor
                                            }
                                        }));
                            }
                        });
                    }
                });
    }
}
