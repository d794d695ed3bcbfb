package org.strowger.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.strowger.api.Application;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.MediaChanged;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.media.ChannelMedia;
import org.strowger.api.media.MediaDirection;
import org.strowger.spi.InboundCall;
import org.strowger.spi.OutboundSetup;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;

/**
 * What a channel speaks, and how it reaches the techs that need it: a tech declares its channel's media (snapshot,
 * owner event, bus event); an outbound setup carries the requester's formats, the caller's offer while its tech has
 * declared nothing, through a Local pair too, so a tech can offer the callee what the caller speaks.
 */
class MediaNegotiationTest {
    private final Simulation sim = new Simulation(31);
    private final FakeTech fake = new FakeTech();
    private final ConcurrentLinkedQueue<MediaChanged> events = new ConcurrentLinkedQueue<>();

    private ChannelCore core(Application app) {
        ChannelCore core = sim.coreBuilder().tech(fake).inboundHandler(ch -> app).build();
        core.subscribe(EventFilter.all().withKinds(EventKind.MEDIA_CHANGED), e -> events.add((MediaChanged) e),
                SubscribeOptions.defaults().onPool());
        return core;
    }

    private static List<MediaFormat> requesterFormats(FakeChannel leg) {
        return ((OutboundSetup) leg.argumentOf("newChannel")).requesterFormats();
    }

    @Test
    void aTechDeclaresItsMediaAndEveryoneHearsOfIt() {
        RecordingApp app = new RecordingApp();
        ChannelCore core = core(app);
        FakeChannel alice = fake.inbound("alice", "100");
        sim.runUntilQuiescent();
        assertEquals(ChannelMedia.TRANSPARENT, alice.channel().snapshot().media(), "nothing declared yet");
        ChannelMedia pcmaFirst = ChannelMedia.of(MediaFormat.ALAW, MediaFormat.ULAW);
        alice.remote().mediaChanged(pcmaFirst);
        sim.runUntilQuiescent();
        assertEquals(pcmaFirst, alice.channel().snapshot().media());
        ChannelMedia held = pcmaFirst.withDirection(MediaDirection.SEND_ONLY); // the far end put us on hold
        alice.remote().mediaChanged(held);
        sim.runUntilQuiescent();
        assertEquals(List.of(pcmaFirst, held), events.stream().map(MediaChanged::media).toList());
        assertTrue(app.log(alice.channel()).contains("event " + new ChannelEvent.MediaChanged(held)));
        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, fake);
    }

    @Test
    void aCalleeIsOfferedWhatItsCallerSpeaks() {
        ChannelCore core = core(new RecordingApp());
        FakeChannel alice = fake.inbound(InboundCall.of("alice", "100").withOfferedFormats(MediaFormat.G722,
                MediaFormat.ALAW));
        sim.runUntilQuiescent();
        Channel bob = core.request(OutboundRequest.of("Fake", "bob").withRequester(alice.channel()));
        sim.runUntilQuiescent();
        assertEquals(List.of(MediaFormat.G722, MediaFormat.ALAW), requesterFormats(fake.channelOf(bob)),
                "the caller's offer, while its tech has declared nothing");
        alice.remote().mediaChanged(ChannelMedia.of(MediaFormat.ALAW));
        sim.runUntilQuiescent();
        Channel carol = core.request(OutboundRequest.of("Fake", "carol").withRequester(alice.channel()));
        sim.runUntilQuiescent();
        assertEquals(List.of(MediaFormat.ALAW), requesterFormats(fake.channelOf(carol)), "then its native formats");
        Channel noOne = core.request(OutboundRequest.of("Fake", "dave"));
        sim.runUntilQuiescent();
        assertEquals(List.of(), requesterFormats(fake.channelOf(noOne)), "no requester, no formats");
        for (Channel c : List.of(alice.channel(), bob, carol, noOne)) {
            c.hangup(HangupCause.NORMAL_CLEARING);
        }
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, fake);
    }

    @Test
    void aLocalPairPassesTheCallersFormatsOn() {
        // the Local pair's second half dials Fake/bob on its own behalf: bob is offered what alice offered
        Application dialer = new Application() {
            @Override
            public void onAttach(Channel ch) {
                if (ch.techName().equals("Local")) {
                    ch.core().request(OutboundRequest.of("Fake", "bob").withRequester(ch));
                }
            }
        };
        ChannelCore core = core(dialer);
        FakeChannel alice = fake.inbound(InboundCall.of("alice", "100").withOfferedFormats(MediaFormat.ULAW));
        sim.runUntilQuiescent();
        Channel local = core.request(OutboundRequest.of("Local", "200/n").withRequester(alice.channel()));
        local.call();
        sim.runUntilQuiescent();
        FakeChannel bob = fake.channels().stream().filter(f -> f.resource().equals("bob")).findFirst().orElseThrow();
        assertEquals(List.of(MediaFormat.ULAW), requesterFormats(bob));
        core.channels().forEach(s -> core.channel(s.id()).ifPresent(c -> c.hangup(HangupCause.NORMAL_CLEARING)));
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, fake);
    }
}
