package org.strowger.demo;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.strowger.api.Application;
import org.strowger.api.Channel;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.OnAnswer;
import org.strowger.api.media.CollectedDigits;
import org.strowger.api.media.DigitCollection;
import org.strowger.api.media.MediaSource;

/**
 * The IVR of docs/architecture.md ("Writing an application"), on the media layer: answers, plays a prompt the caller
 * may key over, collects a PIN and connects the caller to a destination. A wrong PIN gets an error tone and another
 * try; after the third the caller is hung up. It has no mutable state: each step is a stage that starts the next,
 * and a caller who hangs up fails the chain. How each prompt ended goes into the channel variable
 * {@code PIN_PROMPT} (like Asterisk's {@code PLAYBACKSTATUS}), e.g. {@code INTERRUPTED/1240} for a prompt the caller
 * keyed over after 1.24 s.
 */
final class PinIvr implements Application {
    /** Played after a wrong PIN: the special information tone, three rising tones, once. */
    static final MediaSource WRONG_PIN = MediaSource.tone("!950/330,!1400/330,!1800/330");

    private final MediaSource prompt;
    private final String pin;
    private final DialTarget destination;

    PinIvr(MediaSource prompt, String pin, DialTarget destination) {
        this.prompt = prompt;
        this.pin = pin;
        this.destination = destination;
    }

    @Override
    public void onAttach(Channel caller) {
        caller.answer().thenCompose(up -> askForPin(caller, 3)).exceptionally(failure -> giveUp(caller));
    }

    private CompletionStage<Void> askForPin(Channel caller, int tries) {
        caller.play(prompt).result()                                   // cut short by the first digit: barge-in
                .thenAccept(played -> caller.setVariable("PIN_PROMPT", played.end() + "/" + played.played().toMillis()))
                .exceptionally(unreadable -> giveUp(caller));          // e.g. a missing prompt file
        return caller.collectDigits(DigitCollection.of(pin.length()).withTerminators("#").withBargeIn()
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))) // 5 s after the prompt
                .thenCompose(keyed -> {
                    if (keyed.digits().equals(pin)) {
                        return connect(caller);
                    } else if (keyed.digits().isEmpty() && keyed.end() == CollectedDigits.End.TIMEOUT) {
                        return caller.hangup(HangupCause.NO_USER_RESPONSE);
                    }
                    return caller.play(WRONG_PIN).result().thenCompose(played -> tries > 1
                            ? askForPin(caller, tries - 1) : caller.hangup(HangupCause.CALL_REJECTED));
                });
    }

    private CompletionStage<Void> connect(Channel caller) {
        return caller.core().dial(DialRequest.of(DialString.of(destination).withTimeout(Duration.ofSeconds(30)))
                .withCaller(caller).withOnAnswer(OnAnswer.bridgeWith(caller))).result().thenAccept(call -> {
                    if (call.bridge() == null) {                       // nobody answered: the caller is still ours
                        caller.hangup(call.outcome() == DialOutcome.BUSY ? HangupCause.USER_BUSY
                                : HangupCause.NO_ANSWER);              // fails harmlessly if it was CANCELLED
                    }
                });
    }

    /** Whatever failed (the caller hung up, the prompt cannot be read): hangs up, harmlessly if it has gone. */
    private static Void giveUp(Channel caller) {
        caller.hangup(HangupCause.NORMAL_TEMPORARY_FAILURE);
        return null;
    }
}
