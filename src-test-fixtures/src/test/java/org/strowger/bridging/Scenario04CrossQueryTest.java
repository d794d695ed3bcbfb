package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Application;
import org.strowger.api.BlockingOnOwnerThreadException;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.HangupCause;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * RELIABILITY.md #4 (Asterisk #307: a synchronous read of another channel's driver data forms a lock cycle when the
 * other channel does the same at the same instant). Here channel A asks B for a property while B asks A, each from
 * inside its own executor (a plain task, an {@link Application} callback, or a tech callback): both questions are
 * answered, the question runs on the target's executor, the answer's continuation runs on the asker's executor (never
 * the target's), no tech callback runs off its own executor, and blocking for the answer on an executor fails fast
 * instead of forming the cycle.
 */
@ExtendWith(NoLeakExtension.class)
class Scenario04CrossQueryTest {

    /** A channel's "driver data": may only be touched on that channel's executor. */
    static final class DriverData {
        final Channel owner;
        final String codec;
        int reads;

        DriverData(Channel owner, String codec) {
            this.owner = owner;
            this.codec = codec;
        }

        String read(Queue<String> violations) {
            if (!owner.inExecutor()) {
                violations.add("driver data of " + owner.id() + " read on " + Thread.currentThread().getName());
            }
            reads++;
            return codec;
        }
    }

    /** The bookkeeping of one run: every question asked and how its answer arrived. */
    static final class Questions {
        final Map<Channel, DriverData> data = new ConcurrentHashMap<>();
        final Queue<CompletionStage<Void>> stages = new ConcurrentLinkedQueue<>();
        final Queue<String> violations = new ConcurrentLinkedQueue<>();
        final AtomicInteger answeredOnCaller = new AtomicInteger();
        final AtomicInteger answeredAfterCallerGone = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger chainsFinished = new AtomicInteger();

        /**
         * Asks {@code to} for its codec from {@code from}'s executor, then (depth > 1) asks again from the
         * continuation. The answer is recorded in a variable of {@code from} and sent as text to its tech.
         */
        void ask(Channel from, Channel to, int depth, Runnable whenFinished) {
            if (!from.inExecutor()) {
                violations.add("ask from " + from.id() + " issued off its executor");
            }
            String[] answer = new String[1];
            CompletionStage<Void> s = to.execute(() -> {
                if (!to.inExecutor()) {
                    violations.add("question to " + to.id() + " ran off its executor");
                }
                if (from.inExecutor()) {
                    violations.add("question to " + to.id() + " ran on the asker's executor " + from.id());
                }
                answer[0] = data.get(to).read(violations);
            });
            stages.add(s);
            s.whenComplete((v, e) -> {
                if (to.inExecutor()) {
                    violations.add("continuation of " + from.id() + " ran on the target's executor " + to.id());
                }
                boolean onCaller = from.inExecutor();
                if (!onCaller && !from.state().isEnded()) {
                    violations.add("continuation of " + from.id() + " ran on " + Thread.currentThread().getName()
                            + " although the asker is live");
                }
                if (e != null) {
                    Throwable cause = e instanceof CompletionException ? e.getCause() : e;
                    if (!(cause instanceof NoSuchChannelException)) {
                        violations.add("unexpected failure " + cause);
                    }
                    failed.incrementAndGet();
                    whenFinished.run();
                    return;
                }
                if (onCaller) {
                    answeredOnCaller.incrementAndGet();
                    data.get(from).read(violations); // the asker touches its own driver data with the answer
                    from.setVariable("PEER_CODEC", answer[0]);
                    from.sendText("peer uses " + answer[0]);
                    if (depth > 1) {
                        ask(from, to, depth - 1, whenFinished);
                        return;
                    }
                    chainsFinished.incrementAndGet();
                } else {
                    answeredAfterCallerGone.incrementAndGet();
                }
                whenFinished.run();
            });
        }
    }

    /** An application that, on a DTMF digit from its caller, asks its partner for its codec. */
    static final class AskingApp implements Application {
        final Questions q;
        final Map<Channel, Channel> partner = new ConcurrentHashMap<>();
        final int depth;
        final Runnable whenFinished;

        AskingApp(Questions q, int depth, Runnable whenFinished) {
            this.q = q;
            this.depth = depth;
            this.whenFinished = whenFinished;
        }

        @Override
        public void onEvent(Channel channel, ChannelEvent event) {
            if (!channel.inExecutor()) {
                q.violations.add("application callback off the executor of " + channel.id());
            }
            if (event instanceof ChannelEvent.DtmfEnded) {
                q.ask(channel, partner.get(channel), depth, whenFinished);
            }
        }
    }

    private static final String[] CODECS = {"PCMU", "PCMA", "G722", "OPUS"};

    @Test
    void crossedQuestionsFromInsideEachExecutorAreAllAnsweredOnTheAskersExecutor() {
        Seeds.forEach("scenario 4", 4_000, 1_500, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            Questions q = new Questions();
            int depth = 1 + sim.random().nextInt(3);
            AskingApp app = new AskingApp(q, depth, () -> { });
            // A tech callback that asks the partner too: "driver code reading the other channel's driver data".
            fake.on("sendText", (fc, text) -> {
                if ("ask".equals(text)) {
                    q.ask(fc.channel(), app.partner.get(fc.channel()), depth, () -> { });
                }
            });
            int n = 2 + sim.random().nextInt(3);
            List<Channel> chans = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Channel c = core.request(OutboundRequest.of("Fake", "u" + i));
                chans.add(c);
                q.data.put(c, new DriverData(c, CODECS[i % CODECS.length]));
                c.attach(app);
            }
            sim.runUntilQuiescent();
            // Pair the channels (a ring: each asks the next while the next asks it back).
            List<Channel[]> pairs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Channel x = chans.get(i);
                Channel y = chans.get((i + 1) % n);
                if (n == 2 && i == 1) {
                    break;
                }
                pairs.add(new Channel[] {x, y});
            }
            int path = sim.random().nextInt(3);
            int expectedQuestions = 0;
            for (Channel[] p : pairs) {
                for (int dir = 0; dir < 2; dir++) {
                    Channel from = p[dir];
                    Channel to = p[1 - dir];
                    expectedQuestions += depth;
                    switch (path) {
                        case 0 -> sim.fork(() -> from.execute(() -> q.ask(from, to, depth, () -> { })));
                        case 1 -> {
                            app.partner.put(from, to);
                            FakeChannel ff = BridgeInvariants.fakeOf(fake, from);
                            sim.fork(() -> ff.remote().receive(new DtmfEnd('5', Duration.ofMillis(80))));
                        }
                        default -> {
                            app.partner.put(from, to);
                            sim.fork(() -> from.sendText("ask"));
                        }
                    }
                }
                if (path != 0) {
                    break; // the app and the tech hook know one partner per channel
                }
            }
            if (path != 0) {
                expectedQuestions = 2 * depth;
            }
            Channel victim = null;
            if (sim.random().nextInt(4) == 0) {
                victim = chans.get(sim.random().nextInt(n));
                Channel v = victim;
                BridgeInvariants.later(sim, sim.random().nextInt(30), () -> v.hangup(HangupCause.NORMAL_CLEARING));
            }
            sim.runAll();
            for (CompletionStage<Void> s : q.stages) {
                assertTrue(s.toCompletableFuture().isDone(), "a question was neither answered nor rejected");
            }
            assertEquals(List.of(), List.copyOf(q.violations));
            if (victim == null) {
                assertEquals(expectedQuestions, q.stages.size());
                assertEquals(expectedQuestions, q.answeredOnCaller.get(), "every question answered on the asker");
                assertEquals(0, q.failed.get());
                int chains = path == 0 ? 2 * pairs.size() : 2;
                assertEquals(chains, q.chainsFinished.get());
                for (Channel c : chans) {
                    if (path == 0 || app.partner.containsKey(c)) {
                        assertTrue(c.variable("PEER_CODEC").isPresent(), "the answer reached " + c.id());
                    }
                }
            } else {
                assertEquals(q.stages.size(), q.answeredOnCaller.get() + q.answeredAfterCallerGone.get()
                        + q.failed.get(), "every question ended once");
            }
            chans.forEach(c -> c.hangup(HangupCause.NORMAL_CLEARING));
            sim.runAll();
            Invariants.assertClean(sim, core, fake);
        });
    }

    @Test
    void waitingForAnotherChannelsAnswerOnAnExecutorFailsFastInsteadOfFormingACycle() {
        Simulation sim = new Simulation(404);
        FakeTech fake = new FakeTech();
        ChannelCore core = sim.coreBuilder().tech(fake).build();
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        Channel b = core.request(OutboundRequest.of("Fake", "b"));
        List<Throwable> thrown = new ArrayList<>();
        a.execute(() -> {
            CompletableFuture<Void> f = b.execute(() -> { }).toCompletableFuture();
            thrown.add(assertThrows(BlockingOnOwnerThreadException.class, f::join));
            thrown.add(assertThrows(BlockingOnOwnerThreadException.class, () -> f.get(1, TimeUnit.SECONDS)));
        });
        b.execute(() -> thrown.add(assertThrows(BlockingOnOwnerThreadException.class,
                () -> a.execute(() -> { }).toCompletableFuture().get())));
        sim.runAll();
        assertEquals(3, thrown.size());
        a.hangup(HangupCause.NORMAL_CLEARING);
        b.hangup(HangupCause.NORMAL_CLEARING);
        sim.runAll();
        Invariants.assertClean(sim, core, fake);
    }

    @Test
    @Timeout(60)
    void realThreadManyPairsAskEachOtherAtOnceWithoutDeadlock(TestCores cores) throws Exception {
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.real(b -> { }, fake);
        int n = 400;
        int depth = 25;
        Questions q = new Questions();
        List<Channel> chans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Channel c = core.request(OutboundRequest.of("Fake", "u" + i));
            chans.add(c);
            q.data.put(c, new DriverData(c, CODECS[i % CODECS.length]));
        }
        assertTrue(TestCores.await(() -> fake.channels().size() == n, Duration.ofSeconds(10)));
        // Each channel asks its pair partner and a random other channel, both chains in parallel: 2 chains each.
        int chains = 2 * n;
        CountDownLatch finished = new CountDownLatch(chains);
        Map<Integer, Integer> randomPartner = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int other;
            do {
                other = ThreadLocalRandom.current().nextInt(n);
            } while (other == i);
            randomPartner.put(i, other);
        }
        try (DeadlockWatchdog w = DeadlockWatchdog.start()) {
            List<Thread> starters = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                starters.add(new Thread(() -> {
                    for (int i = offset; i < n; i += 4) {
                        Channel from = chans.get(i);
                        Channel pairPartner = chans.get(i ^ 1);
                        Channel other = chans.get(randomPartner.get(i));
                        from.execute(() -> {
                            q.ask(from, pairPartner, depth, finished::countDown);
                            q.ask(from, other, depth, finished::countDown);
                        });
                    }
                }, "starter-" + t));
            }
            starters.forEach(Thread::start);
            for (Thread t : starters) {
                t.join(10_000);
            }
            assertTrue(finished.await(45, TimeUnit.SECONDS), "questions still unanswered: " + finished.getCount()
                    + " chains; answered " + q.answeredOnCaller.get());
            // And the cycle cannot even be attempted: blocking for an answer on an executor fails fast.
            CompletableFuture<Throwable> blocked = new CompletableFuture<>();
            chans.get(0).execute(() -> {
                try {
                    chans.get(1).execute(() -> { }).toCompletableFuture().join();
                    blocked.complete(null);
                } catch (Throwable t) {
                    blocked.complete(t);
                }
            });
            assertInstanceOf(BlockingOnOwnerThreadException.class, blocked.get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), List.copyOf(q.violations));
        assertEquals(chains * depth, q.answeredOnCaller.get());
        assertEquals(0, q.failed.get());
        assertEquals(List.of(), fake.violations());
        for (DriverData d : q.data.values()) {
            assertTrue(d.reads > 0);
        }
        chans.forEach(c -> c.hangup(HangupCause.NORMAL_CLEARING));
        assertTrue(TestCores.await(() -> core.channelCount() == 0, Duration.ofSeconds(20)));
    }
}
