package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.TransferOutcome;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * Each reason a Local pair must not optimise away (docs/bridging-and-transfers.md, LocalTech's design comment), checked
 * at the moment it applies, not only at the end: a {@code /n} pair, a half whose bridge is not a two-party one (no
 * peer), a pair not answered yet, a pair bridged to itself, a bridge held open by an attended transfer. Where the
 * reason can go away, the pair then does collapse: a and c end up bridged directly and both halves are gone. The
 * chain-collapse tests of {@link LocalChannelTest} see only the end state, which a retry on the core's clock reaches
 * anyway; these see a pair collapsed too early, or never once it may.
 */
@ExtendWith(NoLeakExtension.class)
class LocalOptimisationRefusalsTest {
    private static final int SEEDS = 20;
    /** Far beyond the pair's retries (50 x 20 ms): a refused pair has long stopped trying. */
    private static final Duration LONG = Duration.ofSeconds(2);

    /** Two answered Fake phones a and c and one Local pair; its second half goes to an application that waits. */
    private static final class World {
        final Simulation sim;
        final FakeTech fake = new FakeTech();
        final ChannelCore core;
        final Channel a;
        final Channel c;
        final Channel one;
        Channel two;

        World(long seed, String destination) {
            sim = new Simulation(seed);
            core = sim.coreBuilder().inboundHandler(ch -> new RecordingApp() {
                @Override
                public void onAttach(Channel channel) {
                    super.onAttach(channel);
                    two = channel;
                }
            }).tech(fake).build();
            a = phone("a");
            c = phone("c");
            one = core.request(OutboundRequest.of("Local", destination));
            sim.await(one.attach(new RecordingApp()));
            sim.await(one.call());
            sim.runUntilQuiescent();
            assertTrue(two != null, "the second half was routed");
        }

        Channel phone(String name) {
            Channel ch = core.request(OutboundRequest.of("Fake", name));
            sim.await(ch.call());
            fake.channelOf(ch).remote().answered();
            sim.runUntilQuiescent();
            return ch;
        }

        Bridge bridge(BridgeOptions options, JoinOptions join, Channel... members) {
            Bridge b = core.createBridge(options);
            for (Channel m : members) {
                sim.await(b.join(m, join));
            }
            sim.runUntilQuiescent();
            return b;
        }

        Set<ChannelId> members(Bridge b) {
            return Set.copyOf(core.bridge(b.id()).orElseThrow().snapshot().members());
        }

        /** The pair is still there: both halves live, each in its own bridge with its own party. */
        void assertIntact(String when, Bridge withOne, Channel partyOfOne, Bridge withTwo, Channel partyOfTwo) {
            assertTrue(one.snapshot().isLive() && two.snapshot().isLive(), "a half was hung up " + when);
            assertTrue(members(withOne).containsAll(Set.of(one.id(), partyOfOne.id())), when + ": " + members(withOne));
            assertTrue(members(withTwo).containsAll(Set.of(two.id(), partyOfTwo.id())), when + ": " + members(withTwo));
        }

        /** The pair optimised away: a and c talk directly in {@code home}, both halves hung up normally. */
        void assertCollapsed(String when, Bridge home) {
            assertEquals(Set.of(a.id(), c.id()), members(home), "not collapsed " + when);
            assertEquals(0, core.channelCount("Local"), "a half is left " + when);
            assertEquals(HangupCause.NORMAL_CLEARING, one.snapshot().hangupCause());
            assertEquals(HangupCause.NORMAL_CLEARING, two.snapshot().hangupCause());
            fake.channelOf(a).remote().receive(voice(4242));
            sim.runFor(Duration.ofMillis(5));
            assertTrue(fake.channelOf(c).callbacks().stream().anyMatch(x -> x.name().equals("write")
                    && ((VoiceFrame) x.argument()).timestamp() == 4242), "a's media reaches c directly " + when);
        }

        void end() {
            for (Channel ch : List.of(a, c, one, two)) {
                if (ch.snapshot().isLive()) {
                    ch.hangup(HangupCause.NORMAL_CLEARING);
                }
            }
            sim.runFor(Duration.ofMillis(100));
            sim.runAll();
            Invariants.assertClean(sim, core, fake);
        }
    }

    private static VoiceFrame voice(long ts) {
        return new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, ts);
    }

    @Test
    void aNoOptimisePairIsNeverCollapsedAndCarriesTheMedia() {
        Seeds.forEach("/n pair stays", 71_000, SEEDS, seed -> {
            World w = new World(seed, "300/n");
            w.sim.await(w.two.answer());
            Bridge x = w.bridge(BridgeOptions.call(), JoinOptions.HANG_UP_AFTER, w.a, w.one);
            Bridge y = w.bridge(BridgeOptions.call(), JoinOptions.HANG_UP_AFTER, w.two, w.c);
            w.sim.runFor(LONG);
            w.assertIntact("although it is /n", x, w.a, y, w.c);
            assertEquals(ChannelState.UP, w.one.state());
            w.fake.channelOf(w.a).remote().receive(voice(99));
            w.sim.runFor(Duration.ofMillis(5));
            assertTrue(w.fake.channelOf(w.c).callbacks().stream().anyMatch(cb -> cb.name().equals("write")
                    && ((VoiceFrame) cb.argument()).timestamp() == 99), "a's media crosses the pair to c");
            w.end();
        });
    }

    /**
     * Both halves bridged, ;2 not answered: the pair stays however long it rings (the wait is not counted against
     * its retries), and collapses as soon as ;2 answers. Both halves return to their applications after a bridge, so
     * only the pair's own hang-up after the swap ends them.
     */
    @Test
    void anUnansweredPairKeepsBothHalvesUntilItIsAnswered() {
        Seeds.forEach("unanswered pair stays", 72_000, SEEDS, seed -> {
            World w = new World(seed, "300");
            Bridge x = w.bridge(BridgeOptions.call(), JoinOptions.RETURN_AFTER, w.a, w.one);
            Bridge y = w.bridge(BridgeOptions.call(), JoinOptions.RETURN_AFTER, w.two, w.c);
            w.sim.runFor(LONG);
            w.assertIntact("before the answer", x, w.a, y, w.c);
            assertNotEquals(ChannelState.UP, w.one.state());
            assertNotEquals(ChannelState.UP, w.two.state());
            w.sim.await(w.two.answer());
            w.sim.runFor(Duration.ofMillis(100));
            w.assertCollapsed("after ;2 answered", x);
            w.end();
        });
    }

    /**
     * A half in a bridge of three has no peer, so the pair must not optimise (its far party would be swapped into a
     * conference, or from one); once that bridge is down to two, it does.
     */
    @Test
    void aHalfInAConferenceKeepsThePairUntilItsBridgeIsDownToTwo() {
        Seeds.forEach("conference half", 73_000, SEEDS, seed -> {
            boolean first = seed % 2 == 0; // which half sits in the conference
            World w = new World(seed, "300");
            Channel d = w.phone("d");
            w.sim.await(w.two.answer());
            // the half joins last, so its bridge has three members from the moment it is in it
            Bridge x = first ? w.bridge(BridgeOptions.conference(), JoinOptions.HANG_UP_AFTER, w.a, d, w.one)
                    : w.bridge(BridgeOptions.call(), JoinOptions.HANG_UP_AFTER, w.a, w.one);
            Bridge y = first ? w.bridge(BridgeOptions.call(), JoinOptions.HANG_UP_AFTER, w.c, w.two)
                    : w.bridge(BridgeOptions.conference(), JoinOptions.HANG_UP_AFTER, w.c, d, w.two);
            w.sim.runFor(LONG);
            w.assertIntact("with " + (first ? ";1" : ";2") + " in a conference", x, w.a, y, w.c);
            assertTrue((first ? w.members(x) : w.members(y)).contains(d.id()), "the conference keeps its third");
            d.hangup(HangupCause.NORMAL_CLEARING);
            w.sim.runFor(Duration.ofMillis(100));
            w.assertCollapsed("once the conference was down to two", x);
            w.end();
        });
    }

    /**
     * ;1 and ;2 in one bridge: there is nothing to optimise, and what crosses the pair would come straight back, so
     * the pair stays and the core goes quiet. Moved apart into bridges with a and c, it collapses.
     */
    @Test
    void aPairBridgedToItselfStaysUntilItsHalvesAreBridgedApart() {
        Seeds.forEach("pair bridged to itself", 74_000, SEEDS, seed -> {
            World w = new World(seed, "300");
            w.sim.await(w.two.answer());
            Bridge loop = w.bridge(BridgeOptions.conference(), JoinOptions.HANG_UP_AFTER, w.one, w.two);
            for (int i = 0; i < 3; i++) {
                w.one.write(voice(i));
            }
            w.sim.setStepLimit(w.sim.steps() + 100_000); // frames circling the loop would never let it go quiet
            w.sim.runFor(LONG);
            assertTrue(w.one.snapshot().isLive() && w.two.snapshot().isLive(), "a half of the loop was hung up");
            assertEquals(Set.of(w.one.id(), w.two.id()), w.members(loop));
            w.sim.setStepLimit(Simulation.DEFAULT_STEP_LIMIT);
            Bridge x = w.bridge(BridgeOptions.call(), JoinOptions.HANG_UP_AFTER, w.a);
            Bridge y = w.bridge(BridgeOptions.call(), JoinOptions.HANG_UP_AFTER, w.c);
            w.sim.await(loop.move(w.one, x, JoinOptions.HANG_UP_AFTER));
            w.sim.await(loop.move(w.two, y, JoinOptions.HANG_UP_AFTER));
            w.sim.runFor(Duration.ofMillis(100));
            w.assertCollapsed("once bridged apart", x);
            w.end();
        });
    }

    /**
     * ;2 talks to t, then consults carol in an attended transfer (so both of ;2's bridges are held open) while ;1 is
     * bridged with a: the pair must not take carol (;2's peer) out of the consultation, however long it lasts. The
     * pair gives up retrying meanwhile; when the transfer is cancelled ;2 is bridged with t again, and the pair then
     * collapses, t taking ;1's place with a.
     */
    @Test
    void aPairWhoseHalfConsultsStaysUntilTheTransferIsCancelled() {
        Seeds.forEach("held by a transfer", 75_000, SEEDS, seed -> {
            World w = new World(seed, "300");
            Channel t = w.phone("t");
            w.sim.await(w.two.answer());
            Bridge home = w.bridge(BridgeOptions.call(), JoinOptions.HANG_UP_AFTER, t, w.two);
            AttendedTransfer transfer =
                    w.sim.await(w.core.attendedTransfer(w.two, OutboundRequest.of("Fake", "carol")));
            w.sim.runFor(Duration.ofMillis(5));
            FakeChannel carol = w.fake.channels().stream().filter(f -> f.resource().equals("carol")).findFirst()
                    .orElseThrow();
            carol.remote().answered();
            w.sim.runFor(Duration.ofMillis(5));
            Bridge consultation = w.core.bridge(w.two.snapshot().bridge()).orElseThrow();
            Bridge x = w.bridge(BridgeOptions.call(), JoinOptions.HANG_UP_AFTER, w.a, w.one);
            w.sim.runFor(LONG);
            w.assertIntact("during the consultation", x, w.a, consultation, carol.channel());
            assertEquals(Set.of(t.id()), w.members(home), "the transferee waits at home");
            assertEquals(0, w.sim.pendingTimers(), "the refused pair stopped retrying");
            assertEquals(TransferOutcome.CANCELLED, w.sim.await(transfer.cancel()));
            w.sim.runFor(Duration.ofMillis(100));
            assertTrue(!carol.channel().snapshot().isLive(), "the consulted party is hung up by the cancel");
            assertEquals(Set.of(w.a.id(), t.id()), w.members(x), "t takes ;1's place once ;2 is back home");
            assertEquals(0, w.core.channelCount("Local"));
            if (t.snapshot().isLive()) {
                t.hangup(HangupCause.NORMAL_CLEARING);
            }
            w.end();
        });
    }
}
