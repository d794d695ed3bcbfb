package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Application;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.TransferOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.OnAnswer;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * Attended transfers whose target or transferee is a Local channel (found by RELIABILITY.md #24). The chain behind a
 * Local target optimises away once its phone answers; done during the consultation, that swapped the phone into the
 * consultation bridge and hung the target up, so the transfer ended TARGET_HUNG_UP and the consulted phone was hung up
 * with it. A bridge held open by a transfer now refuses to let a member be swapped out, so the chain waits until the
 * transfer has ended and optimises then.
 */
@ExtendWith(NoLeakExtension.class)
class AttendedTransferThroughLocalTest {

    /** Each Local second half dials the Fake phone named by its destination and is bridged with it on answer. */
    private static Application extension(ChannelCore[] core) {
        return new Application() {
            @Override
            public void onAttach(Channel two) {
                core[0].dial(DialRequest.of(DialString.of(DialTarget.of("Fake", two.snapshot().destination())))
                        .withCaller(two).withOnAnswer(OnAnswer.bridgeWith(two)));
            }
        };
    }

    private static FakeChannel phone(FakeTech fake, String resource) {
        return fake.channels().stream().filter(c -> c.resource().equals(resource)).findFirst().orElseThrow();
    }

    @Test
    void aLocalTargetThatAnsweredLongBeforeTheCompleteIsConnectedWithTheTransferee(TestCores cores) {
        Simulation sim = new Simulation(24);
        FakeTech fake = new FakeTech();
        ChannelCore[] holder = new ChannelCore[1];
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> extension(holder)), fake);
        holder[0] = core;
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        Channel b = core.request(OutboundRequest.of("Fake", "b"));
        a.call();
        b.call();
        sim.runUntilQuiescent();
        fake.channelOf(a).remote().answered();
        fake.channelOf(b).remote().answered();
        Bridge home = core.createBridge(BridgeOptions.call());
        home.join(a, JoinOptions.HANG_UP_AFTER);
        home.join(b, JoinOptions.HANG_UP_AFTER);
        sim.runUntilQuiescent();
        AttendedTransfer t = sim.await(core.attendedTransfer(a, OutboundRequest.of("Local", "carol")));
        sim.runFor(Duration.ofMillis(5));
        FakeChannel carol = phone(fake, "carol");
        carol.remote().answered();
        sim.runFor(Duration.ofSeconds(2)); // a long consultation: far beyond the chain's 50 retries of 20 ms
        assertTrue(carol.channel().snapshot().isLive(), "the consulted phone was hung up during the consultation");
        assertEquals(ChannelState.UP, t.target().state(), "the target left the consultation");
        assertEquals(TransferOutcome.COMPLETED, sim.await(t.complete()));
        sim.runFor(Duration.ofMillis(100)); // the chain optimises once the target is home
        assertEquals(List.of(b.id(), carol.channel().id()), core.bridge(home.id()).orElseThrow().snapshot().members(),
                "the transferee talks to carol directly");
        assertEquals(0, core.channelCount("Local"));
        assertEquals(ChannelState.DESTROYED, a.state());
        b.hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofMillis(100));
    }

    /**
     * Alice talks to phone p through Local/p (the chain optimising as p answers), and transfers p to carol through
     * Local/carol: the transfer starts, carol answers and alice completes at random moments around the optimisations.
     * Whatever the order, the transfer completes and p ends up talking to carol, directly.
     */
    @Test
    void aLocalTransfereeAndALocalTargetEndAsIfTheChainsWereNotThere() {
        Map<String, Integer> seen = new HashMap<>();
        Seeds.forEach("attended transfer through Local", 24_500, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            var random = sim.random();
            FakeTech fake = new FakeTech();
            ChannelCore[] holder = new ChannelCore[1];
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> extension(holder)).tech(fake).build();
            holder[0] = core;
            Channel alice = core.request(OutboundRequest.of("Fake", "alice"));
            alice.call();
            sim.runUntilQuiescent();
            fake.channelOf(alice).remote().answered();
            Channel one = core.request(OutboundRequest.of("Local", "p"));
            Bridge call = core.createBridge(BridgeOptions.call());
            call.join(alice, JoinOptions.HANG_UP_AFTER);
            call.join(one, JoinOptions.HANG_UP_AFTER);
            one.call();
            sim.runFor(Duration.ofMillis(1));
            FakeChannel p = phone(fake, "p");
            long pAnswers = random.nextInt(30);
            long starts = pAnswers + random.nextInt(41) - 10; // around the first chain's optimisation
            long carolAnswers = 1 + random.nextInt(60);
            long completes = carolAnswers + random.nextInt(60);
            @SuppressWarnings("unchecked")
            CompletableFuture<AttendedTransfer>[] started = new CompletableFuture[1];
            sim.schedule(() -> sim.fork(() -> p.remote().answered()), pAnswers, TimeUnit.MILLISECONDS);
            sim.schedule(() -> sim.fork(() -> {
                started[0] = core.attendedTransfer(alice, OutboundRequest.of("Local", "carol")).toCompletableFuture();
                started[0].thenAccept(t -> {
                    sim.schedule(() -> sim.fork(() -> phone(fake, "carol").remote().answered()), carolAnswers,
                            TimeUnit.MILLISECONDS);
                    sim.schedule(() -> sim.fork(t::complete), completes, TimeUnit.MILLISECONDS);
                });
            }), Math.max(0, starts), TimeUnit.MILLISECONDS);
            sim.runFor(Duration.ofSeconds(1));
            String where = "p answers at " + pAnswers + " ms, the transfer starts at " + starts + ", carol answers "
                    + carolAnswers + " ms later, complete after " + completes + " ms";
            AttendedTransfer t = started[0].join();
            assertEquals(TransferOutcome.COMPLETED, sim.await(t.outcome()), where);
            FakeChannel carol = phone(fake, "carol");
            assertTrue(p.channel().snapshot().isLive() && carol.channel().snapshot().isLive(), where);
            assertEquals(p.channel().snapshot().bridge(), carol.channel().snapshot().bridge(), where);
            assertEquals(Set.of(p.channel().id(), carol.channel().id()), Set.copyOf(core.bridge(
                    p.channel().snapshot().bridge()).orElseThrow().snapshot().members()), "directly: " + where);
            assertEquals(0, core.channelCount("Local"), where);
            seen.merge(pAnswers < starts ? "transferee already optimised" : "transferee a Local half", 1,
                    Integer::sum);
            p.remote().hangup(HangupCause.NORMAL_CLEARING);
            sim.runFor(Duration.ofSeconds(1));
            Invariants.assertClean(sim, core, fake);
            core.shutdown();
            sim.runAll();
        });
        assertTrue(seen.size() == 2 || Integer.getInteger("strowger.seeds", 1_000) < 200, seen.toString());
    }

    /**
     * The Local half ;2 talks to phone t in "home" while ;1 is not bridged yet; ;2 consults carol (;2 is the
     * transferer). When caller x is then bridged with ;1, the chain must not optimise carol (;2's consultation peer)
     * out of the held consultation bridge into x's bridge: that ended the transfer ABANDONED and hung t up. It waits
     * until the transfer has ended.
     */
    @Test
    void aChainWhoseSecondHalfConsultsDoesNotTakeTheConsultedPartyAway() {
        Seeds.forEach("chain behind a consulting transferer", 31_000, 200, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            Channel[] two = new Channel[1];
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> new Application() {
                @Override
                public void onAttach(Channel c) {
                    two[0] = c;
                }
            }).tech(fake).build();
            Channel x = core.request(OutboundRequest.of("Fake", "x"));
            Channel t = core.request(OutboundRequest.of("Fake", "t"));
            Channel one = core.request(OutboundRequest.of("Local", "home"));
            x.call();
            t.call();
            one.call();
            sim.runUntilQuiescent();
            fake.channelOf(x).remote().answered();
            fake.channelOf(t).remote().answered();
            sim.await(two[0].answer());
            Bridge home = core.createBridge(BridgeOptions.call());
            home.join(t, JoinOptions.HANG_UP_AFTER);
            home.join(two[0], JoinOptions.HANG_UP_AFTER);
            sim.runUntilQuiescent();
            AttendedTransfer transfer = sim.await(core.attendedTransfer(two[0], OutboundRequest.of("Fake", "carol")));
            sim.runFor(Duration.ofMillis(5));
            FakeChannel carol = phone(fake, "carol");
            carol.remote().answered();
            sim.runFor(Duration.ofMillis(5));
            Bridge outer = core.createBridge(BridgeOptions.call());
            outer.join(x, JoinOptions.HANG_UP_AFTER);
            outer.join(one, JoinOptions.HANG_UP_AFTER);
            sim.runFor(Duration.ofMillis(500)); // the chain tries while ;2 consults
            assertTrue(t.snapshot().isLive(), "the transferee was hung up during the consultation");
            assertTrue(carol.channel().snapshot().isLive(), "the consulted party was hung up");
            assertEquals(two[0].snapshot().bridge(), carol.channel().snapshot().bridge(),
                    "the consulted party was taken out of the consultation");
            assertEquals(TransferOutcome.COMPLETED, sim.await(transfer.complete()));
            sim.runFor(Duration.ofMillis(100));
            assertEquals(Set.of(t.id(), carol.channel().id()),
                    Set.copyOf(core.bridge(home.id()).orElseThrow().snapshot().members()));
            assertTrue(!x.snapshot().isLive(), "the transferer left, so did its chain, and x with it (HANG_UP_AFTER)");
            t.hangup(HangupCause.NORMAL_CLEARING);
            sim.runFor(Duration.ofMillis(100));
            assertEquals(0, core.channelCount("Local"));
            Invariants.assertClean(sim, core, fake);
            core.shutdown();
            sim.runAll();
        });
    }
}
