package org.strowger.demo;

import java.util.Optional;
import java.util.function.Function;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.CoreStats;
import org.strowger.api.CreationRate;
import org.strowger.api.EndpointUsage;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.core.Strowger;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.InboundCall;
import org.strowger.spi.TechChannel;
import org.strowger.spi.TechContext;

/**
 * Code shown in the admission-control part of docs/dialing.md. Every java block in that section is an excerpt of this
 * file (DocSnippetsTest in src-test-fixtures checks it), so the snippets always compile against the real API. The demo
 * does not run them.
 */
public final class AdmissionSnippets {
    private AdmissionSnippets() {
    }

    // ---- configuring the limits ----

    /** A core with all three limits. */
    static ChannelCore limitedCore(ChannelTech sip) {
        return Strowger.builder()
                .maxChannels(5_000)                  // live channels, all techs: LIMIT_REACHED beyond
                .creationRate(200, 50)               // new channels: 200/s sustained, 50 at once: RATE_LIMITED
                .usageLimit("SIP/alice", 2)          // chan_sip's call-limit=2 for peer alice: ENDPOINT_BUSY
                .usageLimit("carrier-1", 30)         // a trunk, named by the requests that use it
                .tech(sip)
                .build();
    }

    /** Places a call through the carrier's trunk: it counts on "carrier-1", not on "SIP/<number>@...". */
    static Channel dialThroughTrunk(ChannelCore core, String number) {
        OutboundRequest request = OutboundRequest.of("SIP", number + "@203.0.113.7").withEndpoint("carrier-1");
        return core.request(request);          // throws CommandRejectedException if a limit says no
    }

    // ---- handling a refusal ----

    /**
     * Dials {@code target} for {@code caller}; if the core refuses, ends the caller's attempt with the cause the
     * refusal carries (USER_BUSY for a busy endpoint, SWITCH_CONGESTION for the core's limits and rate).
     */
    static Optional<Channel> dialOrRefuse(ChannelCore core, Channel caller, OutboundRequest target) {
        try {
            return Optional.of(core.request(target.withRequester(caller)));
        } catch (CommandRejectedException refused) {
            System.out.println(caller.name() + ": " + refused.reason() + ", " + refused.getMessage());
            caller.hangup(refused.hangupCause());
            return Optional.empty();
        }
    }

    // ---- a tech refusing an inbound call ----

    /**
     * In a SIP tech's network thread: announces an INVITE from a peer, counted on the peer's account, and answers
     * the SIP status to send at once: 100 Trying, or the refusal mapped from the core's cause.
     */
    static int onInvite(TechContext context, String peer, String account, String dialled,
            Function<ChannelSink, TechChannel> factory) {
        InboundCall call = InboundCall.of(peer, dialled).withEndpoint("account/" + account); // default: SIP/<peer>
        try {
            context.announceInbound(call, factory);
            return 100;
        } catch (CommandRejectedException refused) {
            return sipStatus(refused.hangupCause());           // nothing was created, nothing is counted
        }
    }

    /** The usual Q.850-to-SIP mapping (RFC 3398) for the causes a refusal carries. */
    static int sipStatus(HangupCause cause) {
        return switch (cause) {
            case USER_BUSY -> 486;                              // Busy Here
            case SWITCH_CONGESTION, NORMAL_CIRCUIT_CONGESTION -> 503; // Service Unavailable
            case CHAN_NOT_IMPLEMENTED -> 501;                   // Not Implemented (tech being unregistered)
            default -> 500;
        };
    }

    // ---- changing limits at run time ----

    /** Tightens the limits under load and reports them. Any thread; nothing blocks. */
    static void tighten(ChannelCore core) {
        core.setUsageLimit("carrier-1", 10);          // lowered: live calls stay, new ones wait until fewer than 10
        core.setCreationRate(new CreationRate(50, 10)); // replaces the rate; the new bucket starts full
        for (EndpointUsage u : core.usageLimits()) {
            System.out.println(u.endpoint() + ": " + u.inUse() + " of " + u.limit());
        }
        CoreStats stats = core.stats();
        System.out.println("refused: " + stats.rejectedMaxChannels() + " over max channels, " + stats.rejectedRate()
                + " over the rate, " + stats.rejectedEndpointBusy() + " busy endpoints");
    }
}
