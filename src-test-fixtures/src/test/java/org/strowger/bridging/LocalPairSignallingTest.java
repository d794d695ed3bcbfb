package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.Control;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * What one half of a Local pair is sent, the other receives (LocalTech's design comment): ringing and progress
 * become the first half's state, other indications, DTMF and text cross as they are, in both directions.
 */
@ExtendWith(NoLeakExtension.class)
class LocalPairSignallingTest {
    @Test
    void indicationsDtmfAndTextCrossThePairBothWays() {
        Seeds.forEach("Local signalling", 76_000, 10, seed -> {
            Simulation sim = new Simulation(seed);
            RecordingApp second = new RecordingApp();
            Channel[] two = new Channel[1];
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> {
                two[0] = ch;
                return second;
            }).build();
            RecordingApp first = new RecordingApp();
            Channel one = core.request(OutboundRequest.of("Local", "500/n"));
            sim.await(one.attach(first));
            sim.await(one.call());
            sim.runUntilQuiescent();
            sim.await(two[0].indicate(Control.RINGING));
            sim.runUntilQuiescent();
            assertEquals(ChannelState.RINGING, one.state(), "ringing on ;2 rings ;1");
            sim.await(two[0].indicate(Control.PROGRESS));
            sim.await(two[0].indicate(Control.HOLD));
            sim.await(two[0].sendDtmf('7', Duration.ofMillis(80)));
            sim.await(two[0].sendText("to one"));
            sim.await(one.sendDtmf('3', Duration.ofMillis(60)));
            sim.await(one.sendText("to two"));
            sim.runFor(Duration.ofMillis(50));
            assertEquals(List.of("attach", "event StateChanged[from=DOWN, to=DIALING]",
                    "event StateChanged[from=DIALING, to=RINGING]",
                    "event ControlReceived[control=ControlFrame[control=RINGING, party=null]]",
                    "event ControlReceived[control=ControlFrame[control=PROGRESS, party=null]]",
                    "event ControlReceived[control=ControlFrame[control=HOLD, party=null]]",
                    "event DtmfBegan[digit=7]", "event DtmfEnded[digit=7, duration=PT0.08S]",
                    "event TextReceived[text=to one]"), first.log(one), "what ;2 is sent reaches ;1");
            assertEquals(List.of("attach", "event DtmfBegan[digit=3]", "event DtmfEnded[digit=3, duration=PT0.06S]",
                    "event TextReceived[text=to two]"), second.log(two[0]), "what ;1 is sent reaches ;2");
            assertTrue(two[0].snapshot().isLive());
            one.hangup(HangupCause.NORMAL_CLEARING);
            sim.runFor(Duration.ofMillis(50));
            Invariants.assertClean(sim, core);
        });
    }

    /**
     * Before ;1 is called there is no ;2: what ;1 is sent meanwhile (the core passes DTMF, text and indications to a
     * tech before call()) is dropped, and a hang-up ends ;1 cleanly, never as a tech fault.
     */
    @Test
    void whatTheFirstHalfIsSentBeforeItIsCalledIsDroppedAndItsHangupIsClean() {
        Simulation sim = new Simulation(77_001);
        ChannelCore core = sim.coreBuilder().inboundHandler(ch -> new RecordingApp()).build();
        Channel one = core.request(OutboundRequest.of("Local", "500"));
        sim.await(one.attach(new RecordingApp()));
        sim.await(one.sendDtmf('5', Duration.ofMillis(60)));
        sim.await(one.sendText("too early"));
        sim.await(one.indicate(Control.HOLD));
        sim.runUntilQuiescent();
        assertEquals(ChannelState.DOWN, one.state(), "still usable");
        assertEquals(1, core.channelCount(), "no second half was made");
        sim.await(one.hangup(HangupCause.NORMAL_CLEARING));
        sim.runUntilQuiescent();
        assertEquals(HangupCause.NORMAL_CLEARING, one.snapshot().hangupCause(), "not TECH_FAULT");
        Invariants.assertClean(sim, core);
    }
}
