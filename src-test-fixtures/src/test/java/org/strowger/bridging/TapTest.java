package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.FrameTap;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.Frame;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.TextFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** Media taps: see, replace and drop frames; follow their channel; close exactly once (RELIABILITY.md #17, #22). */
@ExtendWith(NoLeakExtension.class)
class TapTest {

    /** Records what it sees and how it was closed; checks it runs on the channel's executor. */
    static final class Recorder implements FrameTap {
        final List<String> seen = new ArrayList<>();
        final List<FrameTap.CloseReason> closes = new ArrayList<>();
        boolean offExecutor;

        @Override
        public Frame onFrame(Channel channel, Direction direction, Frame frame) {
            offExecutor |= !channel.inExecutor();
            seen.add(direction + " " + (frame instanceof VoiceFrame v ? "voice " + v.timestamp() : frame.toString()));
            return frame;
        }

        @Override
        public void onClose(Channel channel, CloseReason reason) {
            offExecutor |= !channel.inExecutor();
            closes.add(reason);
        }
    }

    private static VoiceFrame voice(long ts) {
        return new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, ts);
    }

    private static <T> T done(Simulation sim, CompletionStage<T> stage) {
        return sim.await(stage);
    }

    @Test
    void aTapSeesBothDirectionsCanReplaceAndDropAndFollowsItsChannelAcrossBridges(TestCores cores) {
        Simulation sim = new Simulation(3);
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fake);
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        Channel b = core.request(OutboundRequest.of("Fake", "b"));
        Channel c = core.request(OutboundRequest.of("Fake", "c"));
        sim.runUntilQuiescent();
        Recorder rec = new Recorder();
        Cancellable handle = done(sim, a.addTap(rec));
        FrameTap silencer = (ch, dir, f) -> f instanceof TextFrame ? null
                : dir == FrameTap.Direction.READ && f instanceof VoiceFrame v ? voice(v.timestamp() + 1_000_000) : f;
        done(sim, a.addTap(silencer));
        Bridge one = core.createBridge(BridgeOptions.call());
        Bridge two = core.createBridge(BridgeOptions.call());
        done(sim, one.join(a, JoinOptions.PARK_AFTER));
        done(sim, one.join(b, JoinOptions.PARK_AFTER));
        FakeChannel fa = fake.channels().stream().filter(x -> x.channel() == a).findFirst().orElseThrow();
        FakeChannel fb = fake.channels().stream().filter(x -> x.channel() == b).findFirst().orElseThrow();
        FakeChannel fc = fake.channels().stream().filter(x -> x.channel() == c).findFirst().orElseThrow();
        fa.remote().receive(voice(1));
        sim.runUntilQuiescent(); // text rides the control lane and would overtake queued voice
        fa.remote().receive(new TextFrame("secret"));
        fb.remote().receive(voice(2));
        sim.runUntilQuiescent();
        assertEquals(List.of(1_000_001L), writtenTimestamps(fb), "the replacement reaches the peer");
        assertEquals(0, fb.count("sendText"), "the dropped text never reaches the peer");
        done(sim, two.join(c, JoinOptions.PARK_AFTER));
        done(sim, one.move(a, two, null));
        fc.remote().receive(voice(3));
        sim.runUntilQuiescent();
        assertEquals(List.of("READ voice 1", "READ TextFrame[text=secret]", "WRITE voice 2", "WRITE voice 3"), rec.seen,
                "the tap moved with its channel");
        assertTrue(handle.cancel());
        assertTrue(!handle.cancel(), "a second cancel changes nothing");
        sim.runUntilQuiescent();
        assertEquals(List.of(FrameTap.CloseReason.REMOVED), rec.closes);
        assertTrue(!rec.offExecutor);
        for (Bridge br : List.of(one, two)) {
            done(sim, br.destroy());
        }
        for (Channel ch : List.of(a, b, c)) {
            done(sim, ch.hangup(HangupCause.NORMAL_CLEARING));
        }
        assertThrows(InvalidArgumentException.class, () -> a.addTap(null));
    }

    @Test
    void aThrowingTapIsClosedAsFaultAndTheCallGoesOn(TestCores cores) {
        Simulation sim = new Simulation(4);
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fake);
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        List<FrameTap.CloseReason> closes = new ArrayList<>();
        done(sim, a.addTap(new FrameTap() {
            @Override
            public Frame onFrame(Channel channel, Direction direction, Frame frame) {
                throw new IllegalStateException("recorder disk full");
            }

            @Override
            public void onClose(Channel channel, CloseReason reason) {
                closes.add(reason);
            }
        }));
        a.write(voice(9));
        sim.runUntilQuiescent();
        assertEquals(List.of(FrameTap.CloseReason.FAULT), closes);
        assertTrue(a.snapshot().isLive());
        assertEquals(1, fake.channels().get(0).count("write"), "the frame passed on unchanged");
        done(sim, a.hangup(HangupCause.NORMAL_CLEARING));
        assertEquals(List.of(FrameTap.CloseReason.FAULT), closes, "closed once");
    }

    @Test
    void aTapAddedAtTheInstantOfHangupIsClosedOnceOrRejected() {
        Seeds.forEach("tap vs hangup", 17_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            Channel a = core.request(OutboundRequest.of("Fake", "a"));
            Recorder rec = new Recorder();
            CompletionStage<Cancellable>[] added = new CompletionStage[1];
            sim.fork(() -> added[0] = a.addTap(rec));
            sim.fork(() -> fake.channels().forEach(c -> c.remote().hangup(HangupCause.NORMAL_CLEARING)));
            sim.fork(() -> a.hangup(HangupCause.NORMAL_CLEARING));
            sim.runAll();
            CompletableFuture<Cancellable> f = added[0].toCompletableFuture();
            assertTrue(f.isDone());
            if (f.isCompletedExceptionally()) {
                ExecutionException e = assertThrows(ExecutionException.class, f::get);
                assertInstanceOf(NoSuchChannelException.class, e.getCause());
                assertEquals(List.of(), rec.closes, "a rejected tap is never called");
            } else {
                assertEquals(List.of(FrameTap.CloseReason.HANGUP), rec.closes);
            }
            Invariants.assertClean(sim, core, fake);
        });
    }

    private static List<Long> writtenTimestamps(FakeChannel ch) {
        return ch.callbacks().stream().filter(c -> c.name().equals("write"))
                .map(c -> ((VoiceFrame) c.argument()).timestamp()).toList();
    }
}
