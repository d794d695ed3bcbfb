package org.strowger.demo;

import org.strowger.api.Application;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.core.Strowger;
import org.strowger.testkit.FakeTech;

/**
 * The embedding example shown in README.md. The lines between the markers are copied into the README verbatim
 * (ReadmeExampleTest in src-test-fixtures checks that they match), so the README's example always compiles. The demo
 * runs it as its last step.
 */
public final class EmbeddingExample {
    private EmbeddingExample() {
    }

    public static void main(String[] args) {
        // README-EXAMPLE-START
        ChannelCore core = Strowger.builder()
                .tech(new FakeTech("Fake"))                    // a protocol plugin; yours would speak SIP
                .inboundHandler(channel -> new Application() { // picks the owner of each inbound call
                    @Override
                    public void onAttach(Channel ch) {         // runs on ch's executor
                        ch.answer();                           // queued, never run inline
                    }

                    @Override
                    public void onEvent(Channel ch, ChannelEvent event) {
                        if (event instanceof ChannelEvent.DtmfEnded dtmf && dtmf.digit() == '#') {
                            ch.hangup(HangupCause.NORMAL_CLEARING);
                        }
                    }
                })
                .build();

        Channel bob = core.request(OutboundRequest.of("Fake", "bob")); // state DOWN, registered
        bob.call().toCompletableFuture().join();   // DIALING; join() is fine off the executors
        System.out.println(bob.snapshot());        // immutable, lock-free, from any thread
        bob.hangup(HangupCause.NORMAL_CLEARING);   // asynchronous; the stage says when it is done

        core.shutdown().toCompletableFuture().join(); // hangs up what is left, stops techs and threads
        System.out.println(core.stats());             // CoreStats[channelsLive=0, ...]
        // README-EXAMPLE-END
    }
}
