package org.strowger.load;

import org.strowger.api.Application;
import org.strowger.api.BridgeId;
import org.strowger.api.Channel;
import org.strowger.api.ChannelEvent;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.OnAnswer;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.VoiceFrame;

/**
 * The IVR of the call mix, one instance per inbound call: answers, echoes the caller's voice back (the "prompt"),
 * and acts on the first digit: {@code 1} rings the agents' ring group (two Fake phones and a Local queue in parallel)
 * and bridges the winner with the caller, then installs the transfer feature codes on that bridge
 * ({@link TransferFeatures}); {@code 0} says goodbye and hangs up. Runs on the caller's executor only.
 */
final class IvrApplication implements Application {
    private static final byte[] ECHO = new byte[160];

    private final Pbx pbx;
    private boolean dialled;

    IvrApplication(Pbx pbx) {
        this.pbx = pbx;
    }

    @Override
    public void onAttach(Channel channel) {
        channel.answer().exceptionally(t -> {
            pbx.outcomes().failed("ivr.answer", t);
            return null;
        });
    }

    @Override
    public void onMedia(Channel channel, MediaFrame frame) {
        if (frame instanceof VoiceFrame) {
            channel.write(new VoiceFrame(MediaFormat.ULAW, ECHO, 160, 0)); // timestamp 0: not a hop sample
        }
    }

    @Override
    public void onEvent(Channel channel, ChannelEvent event) {
        if (!(event instanceof ChannelEvent.DtmfEnded dtmf)) {
            return;
        }
        if (dtmf.digit() == '1' && !dialled) {
            dialled = true;
            pbx.outcomes().count("ivr.ring-group");
            DialRequest request = DialRequest.of(DialString.of(pbx.mix().ringGroup()))
                    .withCaller(channel)
                    .withOnAnswer(OnAnswer.bridgeWith(channel));
            pbx.core().dial(request).result().thenAccept(r -> dialEnded(channel, r));
        } else if (dtmf.digit() == '0') {
            pbx.outcomes().count("ivr.goodbye");
            channel.hangup(HangupCause.NORMAL_CLEARING).exceptionally(t -> null);
        }
    }

    private void dialEnded(Channel caller, DialResult result) {
        pbx.outcomes().dial("ring-group", result);
        if (result.outcome() != DialOutcome.ANSWERED) {
            caller.hangup(HangupCause.NORMAL_CLEARING).exceptionally(t -> null); // still ours: nobody took it
            return;
        }
        BridgeId bridge = result.winner().snapshot().bridge();
        if (bridge == null) {
            pbx.outcomes().count("features.no-bridge"); // the winner hung up already
            return;
        }
        pbx.core().bridge(bridge).ifPresentOrElse(b -> TransferFeatures.install(pbx, b),
                () -> pbx.outcomes().count("features.no-bridge"));
    }
}
