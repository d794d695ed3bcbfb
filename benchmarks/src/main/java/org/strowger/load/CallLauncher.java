package org.strowger.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.OnAnswer;
import org.strowger.spi.InboundCall;

/**
 * Starts one call of the mix, chosen by the weights: an inbound call into the IVR (ring group, transfers), a
 * click-to-call two-party call placed with {@code ChannelCore.dial} (some through Local), or a 3-5 party conference
 * (a mixing bridge). Called on the network thread; never blocks.
 */
final class CallLauncher {
    private final ChannelCore core;
    private final LoadTech tech;
    private final CallMix mix;
    private final OutcomeCounters outcomes;
    private final int ivrWeight;
    private final int twoPartyWeight;
    private final int conferenceWeight;

    CallLauncher(ChannelCore core, LoadTech tech, CallMix mix, OutcomeCounters outcomes, LoadOptions options) {
        this.core = core;
        this.tech = tech;
        this.mix = mix;
        this.outcomes = outcomes;
        this.ivrWeight = options.ivrWeight();
        this.twoPartyWeight = options.twoPartyWeight();
        this.conferenceWeight = options.conferenceWeight();
    }

    /** Starts one call; a refusal by the core is counted, not thrown. */
    void launchOne() {
        int r = ThreadLocalRandom.current().nextInt(ivrWeight + twoPartyWeight + conferenceWeight);
        try {
            if (r < ivrWeight) {
                ivrCall();
            } else if (r < ivrWeight + twoPartyWeight) {
                twoPartyCall();
            } else {
                conference();
            }
        } catch (RuntimeException e) {
            outcomes.failed("launch", e);
        }
    }

    private void ivrCall() {
        outcomes.count("call.ivr");
        tech.inbound(InboundCall.of(mix.caller(), CallMix.IVR));
    }

    private void twoPartyCall() {
        outcomes.count("call.two-party");
        Channel a = core.request(OutboundRequest.of(LoadTech.NAME, mix.twoPartyA()));
        a.call().exceptionally(t -> {
            outcomes.failed("two-party.call", t);
            return null;
        });
        DialRequest request = DialRequest.of(DialString.of(mix.twoPartyB()))
                .withCaller(a)
                .withOnAnswer(OnAnswer.bridgeWith(a));
        core.dial(request).result().thenAccept(r -> {
            outcomes.dial("two-party", r);
            if (r.outcome() != DialOutcome.ANSWERED) {
                a.hangup(HangupCause.NORMAL_CLEARING).exceptionally(t -> null);
            }
        });
    }

    private void conference() {
        outcomes.count("call.conference");
        Bridge bridge = core.createBridge(BridgeOptions.conference());
        List<CompletableFuture<Boolean>> joins = new ArrayList<>();
        try {
            Channel first = null;
            for (int i = 0, n = mix.conferenceSize(); i < n; i++) {
                Channel party = core.request(OutboundRequest.of(LoadTech.NAME, mix.conferenceParty())
                        .withRequester(first));
                first = first == null ? party : first;
                joins.add(party.call().thenCompose(v -> bridge.join(party, JoinOptions.HANG_UP_AFTER))
                        .handle((v, t) -> {
                            if (t == null) {
                                return true;
                            }
                            outcomes.failed("conference.join", t);
                            party.hangup(HangupCause.NORMAL_CLEARING).exceptionally(x -> null);
                            return false;
                        }).toCompletableFuture());
            }
        } finally {
            // a conference dissolves when its last member leaves; one nobody joined is ended here
            CompletableFuture.allOf(joins.toArray(new CompletableFuture[0])).thenRun(() -> {
                if (joins.stream().noneMatch(CompletableFuture::join)) {
                    bridge.destroy();
                }
            });
        }
    }
}
