package org.strowger.load;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.Channel;
import org.strowger.api.OutboundRequest;

/**
 * The transfer feature codes the IVR puts on each answered call's bridge, as a PBX's features would: {@code *2}
 * blind-transfers the member who keyed it to a new Fake target; {@code *3} starts an attended transfer to one, and
 * completes it after a consultation of 0.3 to 0.8 s (if the transferer is still there). Hooks run on the bridge's
 * executor; the consultation timer on the transferer's.
 */
final class TransferFeatures {
    private TransferFeatures() {
    }

    static void install(Pbx pbx, Bridge bridge) {
        bridge.addDtmfHook("*2", (b, member, seq) -> blind(pbx, member)).exceptionally(t -> {
            pbx.outcomes().failed("features.add", t);
            return null;
        });
        bridge.addDtmfHook("*3", (b, member, seq) -> attended(pbx, member)).exceptionally(t -> {
            pbx.outcomes().failed("features.add", t);
            return null;
        });
    }

    private static OutboundRequest target(Pbx pbx, Channel transferer) {
        return OutboundRequest.of(LoadTech.NAME, pbx.mix().transferTarget()).withRequester(transferer);
    }

    private static void blind(Pbx pbx, Channel member) {
        try {
            pbx.core().blindTransfer(member, target(pbx, member)).whenComplete((target, t) -> {
                if (t != null) {
                    pbx.outcomes().failed("blind", t);
                } else {
                    pbx.outcomes().count("blind.ok");
                }
            });
        } catch (RuntimeException e) {
            pbx.outcomes().failed("blind", e);
        }
    }

    private static void attended(Pbx pbx, Channel member) {
        try {
            pbx.core().attendedTransfer(member, target(pbx, member)).whenComplete((at, t) -> {
                if (t != null) {
                    pbx.outcomes().failed("attended", t);
                    return;
                }
                pbx.outcomes().count("attended.started");
                at.outcome().thenAccept(o -> pbx.outcomes().count("attended." + o));
                long consult = ThreadLocalRandom.current().nextLong(300, 800);
                member.schedule(Duration.ofMillis(consult), () -> complete(pbx, at));
            });
        } catch (RuntimeException e) {
            pbx.outcomes().failed("attended", e);
        }
    }

    private static void complete(Pbx pbx, AttendedTransfer at) {
        at.complete().exceptionally(t -> {
            pbx.outcomes().failed("attended.complete", t);
            return null;
        });
    }
}
