package org.strowger.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * RELIABILITY.md #18 (FreeSWITCH #2290 / TEL-6880: uuid_answer from several threads while a codec change and bridged
 * writes arrive): several threads answer one ringing inbound channel at once while its far end switches codec
 * (G.711 mu-law to A-law frames) and its peers' media is written to it. Exactly one answer wins (one transition to
 * UP, one StateChanged, the tech's answer() once); the others fail with WRONG_STATE; no deadlock.
 *
 * <p>Two shapes: the channel in a mixing bridge with two peers (the mixer writes to it in whatever format it last
 * sent, so the codec change reaches the writes), and the channel owned by an application that hears the StateChanged,
 * with a peer's media written to it from the peer's executor.
 */
@ExtendWith(NoLeakExtension.class)
class Scenario18AnswerRaceTest {
    private static final int ANSWERERS = 4;

    private static VoiceFrame voice(MediaFormat format, long ts) {
        return new VoiceFrame(format, new byte[160], 160, ts);
    }

    /** The answer stages: exactly one succeeded; every other failed with WRONG_STATE. */
    private static void assertOneWinner(List<CompletionStage<Void>> answers) {
        int won = 0;
        for (CompletionStage<Void> a : answers) {
            CompletableFuture<Void> f = a.toCompletableFuture();
            assertTrue(f.isDone(), "an answer was neither executed nor rejected");
            try {
                f.join();
                won++;
            } catch (CompletionException e) {
                CommandRejectedException r = assertInstanceOf(CommandRejectedException.class, e.getCause());
                assertEquals(CommandRejectedException.Reason.WRONG_STATE, r.reason());
            }
        }
        assertEquals(1, won, "answers that won");
    }

    private static long answeredCount(FakeChannel fc) {
        return fc.count("answer");
    }

    @Test
    void inAMixingBridgeDuringACodecChangeExactlyOneAnswerWins() {
        AtomicLong formatChangesSeen = new AtomicLong();
        Seeds.forEach("scenario 18 (bridge)", 18_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            fake.on("call", (fc, arg) -> fc.remote().answered());
            ChannelCore core = sim.coreBuilder().tech(fake).inboundHandler(ch -> new RecordingApp()).build();
            FakeChannel a = fake.inbound("caller", "100");
            Channel b = core.request(OutboundRequest.of("Fake", "b"));
            Channel c = core.request(OutboundRequest.of("Fake", "c"));
            b.call();
            c.call();
            Bridge conf = core.createBridge(BridgeOptions.conference());
            conf.join(b, JoinOptions.HANG_UP_AFTER);
            conf.join(c, JoinOptions.HANG_UP_AFTER);
            conf.join(a.channel(), JoinOptions.HANG_UP_AFTER); // still ringing: early media in a conference
            sim.runUntil(() -> conf.snapshot().mode() == BridgeSnapshot.Mode.MIXING);
            FakeChannel fb = fake.channelOf(b);
            FakeChannel fc = fake.channelOf(c);
            List<CompletionStage<Void>> answers = new ArrayList<>();
            int switchAt = sim.random().nextInt(6);
            for (int i = 0; i < 10; i++) {
                long ts = i * 160L;
                MediaFormat f = i < switchAt ? MediaFormat.ULAW : MediaFormat.ALAW;
                sim.schedule(() -> sim.fork(() -> a.remote().receive(voice(f, ts))), i * 20L, TimeUnit.MILLISECONDS);
                sim.schedule(() -> sim.fork(() -> fb.remote().receive(voice(MediaFormat.ULAW, ts))), i * 20L + 3,
                        TimeUnit.MILLISECONDS);
                sim.schedule(() -> sim.fork(() -> fc.remote().receive(voice(MediaFormat.SLIN8, ts))), i * 20L + 7,
                        TimeUnit.MILLISECONDS);
            }
            long answerAt = sim.random().nextInt(120);
            for (int k = 0; k < ANSWERERS; k++) {
                sim.schedule(() -> sim.fork(() -> answers.add(a.channel().answer())),
                        answerAt + sim.random().nextInt(2), TimeUnit.MILLISECONDS);
            }
            sim.runFor(Duration.ofMillis(300));
            assertOneWinner(answers);
            assertEquals(1, answeredCount(a), "the tech's answer() ran once");
            assertEquals(ChannelState.UP, a.channel().state());
            List<MediaFormat> written = a.callbacks().stream().filter(x -> x.name().equals("write"))
                    .map(x -> ((MediaFrame) x.argument()).format()).toList();
            assertTrue(written.size() >= 5, "the peers' media reached the answering channel: " + written.size());
            assertEquals(MediaFormat.ALAW, written.get(written.size() - 1), "the mixer follows the codec change");
            if (written.contains(MediaFormat.ULAW)) {
                formatChangesSeen.incrementAndGet();
            }
            assertTrue(fake.violations().isEmpty(), fake.violations().toString());
            conf.destroy();
            sim.runFor(Duration.ofMillis(100));
            Invariants.assertClean(sim, core, fake);
            core.shutdown();
            sim.runAll();
        });
        assertTrue(Seeds.reduced() || formatChangesSeen.get() > 100, "the codec change was seen in the writes in only "
                + formatChangesSeen + " seeds");
    }

    /** Forwards its channel's media to a peer, as a bridge would, from its own executor. */
    private static final class Forwarder extends RecordingApp {
        volatile Channel to;

        @Override
        public void onMedia(Channel channel, MediaFrame frame) {
            Channel t = to;
            if (t != null) {
                t.write(frame);
            }
        }
    }

    @Test
    void ownedByAnApplicationItHearsExactlyOneStateChangeToUp() {
        Seeds.forEach("scenario 18 (application)", 18_500, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            fake.on("call", (fc, arg) -> fc.remote().answered());
            RecordingApp app = new RecordingApp();
            ChannelCore core = sim.coreBuilder().tech(fake).inboundHandler(ch -> app).build();
            FakeChannel a = fake.inbound("caller", "100");
            Forwarder peer = new Forwarder();
            Channel b = core.request(OutboundRequest.of("Fake", "b"));
            b.attach(peer);
            b.call();
            sim.runUntilQuiescent();
            peer.to = a.channel();
            FakeChannel fb = fake.channelOf(b);
            List<CompletionStage<Void>> answers = new ArrayList<>();
            int switchAt = sim.random().nextInt(6);
            for (int i = 0; i < 8; i++) {
                long ts = i * 160L;
                MediaFormat f = i < switchAt ? MediaFormat.ULAW : MediaFormat.ALAW;
                sim.fork(() -> a.remote().receive(voice(f, ts)));
                sim.fork(() -> fb.remote().receive(voice(f, ts))); // written to a from b's executor
            }
            for (int k = 0; k < ANSWERERS; k++) {
                sim.fork(() -> answers.add(a.channel().answer()));
            }
            sim.runAll();
            assertOneWinner(answers);
            assertEquals(1, answeredCount(a));
            List<String> ups = app.log(a.channel()).stream().filter(s -> s.startsWith("event StateChanged")).toList();
            assertEquals(1, ups.size(), "state changes heard: " + ups);
            assertTrue(ups.get(0).contains("UP"), ups.get(0));
            assertEquals(8, a.count("write"), "every frame of the peer was written to a");
            assertEquals(List.of(), app.violations());
            a.channel().hangup(HangupCause.NORMAL_CLEARING);
            b.hangup(HangupCause.NORMAL_CLEARING);
            sim.runAll();
            Invariants.assertClean(sim, core, fake);
            core.shutdown();
            sim.runAll();
        });
    }

    @Test
    @Timeout(120)
    void realThreadsAnswerAtOnceWhileMediaAndACodecChangeFlow(TestCores cores) throws Exception {
        FakeTech fake = new FakeTech();
        fake.on("call", (fc, arg) -> fc.remote().answered());
        ChannelCore core = cores.real(b -> b.inboundHandler(ch -> new RecordingApp()), fake);
        try (DeadlockWatchdog ignored = DeadlockWatchdog.start()) {
            for (int round = 0; round < 150; round++) {
                FakeChannel a = fake.inbound("caller", "100");
                Channel b = core.request(OutboundRequest.of("Fake", "b"));
                Channel c = core.request(OutboundRequest.of("Fake", "c"));
                b.call().toCompletableFuture().get(10, TimeUnit.SECONDS);
                c.call().toCompletableFuture().get(10, TimeUnit.SECONDS);
                Bridge bridge = core.createBridge(round % 2 == 0 ? BridgeOptions.conference() : BridgeOptions.call());
                List<CompletableFuture<Void>> joins = new ArrayList<>();
                joins.add(bridge.join(a.channel(), JoinOptions.HANG_UP_AFTER).toCompletableFuture());
                joins.add(bridge.join(b, JoinOptions.HANG_UP_AFTER).toCompletableFuture());
                if (round % 2 == 0) {
                    joins.add(bridge.join(c, JoinOptions.HANG_UP_AFTER).toCompletableFuture());
                }
                CompletableFuture.allOf(joins.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
                FakeChannel fb = fake.channelOf(b);
                FakeChannel fc = fake.channelOf(c);
                AtomicBoolean media = new AtomicBoolean(true);
                CyclicBarrier start = new CyclicBarrier(ANSWERERS + 3);
                List<CompletionStage<Void>> answers = java.util.Collections.synchronizedList(new ArrayList<>());
                List<Thread> threads = new ArrayList<>();
                for (int k = 0; k < ANSWERERS; k++) {
                    threads.add(new Thread(() -> {
                        await(start);
                        answers.add(a.channel().answer());
                    }, "answerer-" + k));
                }
                threads.add(new Thread(() -> {
                    await(start);
                    for (int i = 0; i < 50; i++) { // the codec changes half way
                        a.remote().receive(voice(i < 25 ? MediaFormat.ULAW : MediaFormat.ALAW, i * 160L));
                    }
                }, "caller-media"));
                for (FakeChannel peer : List.of(fb, fc)) {
                    threads.add(new Thread(() -> {
                        await(start);
                        for (long ts = 0; media.get() && ts < 160L * 200; ts += 160) {
                            peer.remote().receive(voice(MediaFormat.ULAW, ts));
                        }
                    }, "peer-media"));
                }
                threads.forEach(Thread::start);
                for (Thread t : threads.subList(0, ANSWERERS + 1)) {
                    t.join(10_000);
                }
                media.set(false);
                for (Thread t : threads) {
                    t.join(10_000);
                }
                for (CompletionStage<Void> s : answers) {
                    try {
                        s.toCompletableFuture().get(10, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        // checked below
                    }
                }
                assertOneWinner(answers);
                assertTrue(TestCores.await(() -> answeredCount(a) == 1, Duration.ofSeconds(5)));
                assertEquals(ChannelState.UP, a.channel().state());
                for (Channel ch : List.of(a.channel(), b, c)) {
                    ch.hangup(HangupCause.NORMAL_CLEARING);
                }
                bridge.destroy();
                assertTrue(TestCores.await(() -> core.channelCount() == 0, Duration.ofSeconds(10)));
                assertEquals(1, answeredCount(a), "the tech's answer() ran once");
            }
        }
        assertTrue(fake.violations().isEmpty(), fake.violations().toString());
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
