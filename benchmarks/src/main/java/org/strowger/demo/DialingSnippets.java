package org.strowger.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.strowger.api.Application;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.Party;
import org.strowger.api.dial.DialGroup;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialLeg;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.EarlyMediaPolicy;
import org.strowger.api.dial.OnAnswer;
import org.strowger.spi.ChannelSink;

/**
 * Code shown in docs/dialing.md. Every java block in that document is an excerpt of a file in this package
 * (DocSnippetsTest in src-test-fixtures checks it), so the snippets always compile against the real API. The demo
 * does not run them.
 */
public final class DialingSnippets {
    private DialingSnippets() {
    }

    // ---- originate ----

    /** Calls bob with an id the CRM chose, and puts him into the IVR once he answers. */
    static DialHandle originate(ChannelCore core, Application ivr) {
        DialTarget bob = DialTarget.of("SIP", "bob@10.0.0.2")
                .withId(ChannelId.of("crm-4711"))      // originate with an assigned id
                .withTimeout(Duration.ofSeconds(30));  // ring for at most 30 s
        DialHandle dial = core.dial(DialRequest.of(DialString.of(bob))
                .withCallerId(Party.of("Support", "+4930123456"))
                .withOnAnswer(OnAnswer.attach(ivr)));  // bob's channel goes to the IVR when he answers
        dial.result().thenAccept(result -> System.out.println("originate to bob: " + result.outcome()));
        return dial;                                   // dial.cancel() gives up early
    }

    /** Why a dial ended, leg by leg: Asterisk's DIALSTATUS, but for every leg and every forward. */
    static void report(DialResult result) {
        System.out.println("dial: " + result.outcome()
                + (result.failure() == null ? "" : " (hand-over failed: " + result.failure().getMessage() + ")"));
        for (DialLeg leg : result.legs()) {
            System.out.println("  group " + leg.group() + " hop " + leg.hop() + " channel " + leg.channelId() + ": "
                    + leg.outcome() + (leg.cause() == null ? "" : " " + leg.cause()) + " " + leg.detail());
        }
    }

    // ---- ring groups ----

    /** Owns inbound calls to the sales line: both desks at once, then the mobile, then voicemail. */
    static final class SalesLine implements Application {
        private final ChannelCore core;
        private final Application voicemail;

        SalesLine(ChannelCore core, Application voicemail) {
            this.core = core;
            this.voicemail = voicemail;
        }

        @Override
        public void onAttach(Channel caller) {
            DialString ring = new DialString(List.of(
                    DialGroup.of(DialTarget.of("SIP", "desk1").withTimeout(Duration.ofSeconds(20)),
                            DialTarget.of("SIP", "desk2").withTimeout(Duration.ofSeconds(20))),
                    DialGroup.of(DialTarget.of("SIP", "mobile").withTimeout(Duration.ofSeconds(15)))),
                    Duration.ofSeconds(60),                    // the whole dial, whatever is left
                    EarlyMediaPolicy.RINGBACK, DialString.DEFAULT_MAX_FORWARDS,
                    Map.of("PICKUP_GROUP", "sales"));          // on every leg, for a group pickup
            core.dial(DialRequest.of(ring)
                            .withCaller(caller)                // legs inherit from it; its hang-up cancels them
                            .withOnAnswer(OnAnswer.bridgeWith(caller))) // answered first, then bridged
                    .result()
                    .thenAccept(result -> {                    // back on the caller's executor
                        switch (result.outcome()) {
                            case ANSWERED, CANCELLED -> { }    // connected, or the caller gave up
                            default -> caller.attach(voicemail); // NO_ANSWER, BUSY, FAILED, TIMED_OUT
                        }
                    });
        }
    }

    // ---- early media ----

    /** Two gateways at once: the caller hears whichever first plays a network announcement or ringback. */
    static DialString twoGateways(String number) {
        return DialString.of(DialTarget.of("SIP", number + "@gw1"), DialTarget.of("SIP", number + "@gw2"))
                .withEarlyMedia(EarlyMediaPolicy.FIRST_PROGRESS);
    }

    // ---- forwarding ----

    /** In a SIP tech, on its network thread: the far end answered an INVITE with 302 Moved Temporarily. */
    static void onMovedTemporarily(ChannelSink sink, String contactUser, String contactHost) {
        sink.redirected("SIP/" + contactUser + "@" + contactHost); // untrusted text: the dial checks it
    }

    /** Follows at most one forward: a forward of the forward ends as FORWARD_REFUSED. */
    static DialString oneForwardOnly(DialTarget target) {
        return DialString.of(target).withMaxForwards(1);
    }

    // ---- absolute call timeout ----

    /** Prepaid: once connected, the call lasts no longer than the credit. */
    static CompletionStage<DialResult> prepaid(ChannelCore core, Channel caller, DialTarget callee,
            Duration credit) {
        return core.dial(DialRequest.of(DialString.of(callee))
                        .withCaller(caller)
                        .withOnAnswer(OnAnswer.bridgeWith(caller)))
                .result()
                .thenApply(result -> {
                    if (result.winner() != null) {     // hung up with ALLOTTED_TIMEOUT when the credit runs out;
                        result.winner().setAbsoluteTimeout(credit); // the caller then leaves the bridge and hangs up
                    }
                    return result;
                });
    }
}
