package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.dialing.DialFixtures.fake;
import static org.strowger.dialing.DialFixtures.legOf;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.OwnerKind;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.LegOutcome;
import org.strowger.api.dial.OnAnswer;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * A pickup of a ringing dial leg that the dial refuses says why (docs/dialing.md, pickup): the dial was already won
 * by an earlier pickup, it was already cancelled, or the picker is the dial's own caller or another of its legs. The
 * refused picker stays as it was, ringing with its application. Each pair of commands is issued in one step, so the
 * order in which they reach the dial is fixed whatever the seed; the seeds vary everything else.
 */
class DialPickupRefusalsTest {
    /** alice's dial ringing r1 and r2, and two phones p1 and p2 that are ringing with their application. */
    private static final class World {
        final Simulation sim;
        final FakeTech fakeTech = new FakeTech();
        final ChannelCore core;
        final FakeChannel alice;
        final DialHandle dial;
        final FakeChannel p1;
        final FakeChannel p2;
        final Channel r1;
        final Channel r2;

        World(long seed) {
            sim = new Simulation(seed);
            RecordingApp phones = new RecordingApp();
            core = sim.coreBuilder().inboundHandler(ch -> phones).tech(fakeTech).build();
            new DialFixtures.FarEnds(sim, fakeTech).at("r1", 1, s -> s.ringing()).at("r2", 1, s -> s.ringing());
            alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
            dial = core.dial(DialRequest.of(DialString.of(fake("r1"), fake("r2"))).withCaller(alice.channel())
                    .withOnAnswer(OnAnswer.bridgeWith(alice.channel())));
            p1 = DialFixtures.inboundCaller(sim, fakeTech, "p1");
            p2 = DialFixtures.inboundCaller(sim, fakeTech, "p2");
            sim.runFor(Duration.ofMillis(5));
            r1 = DialFixtures.leg(fakeTech, "r1").channel();
            r2 = DialFixtures.leg(fakeTech, "r2").channel();
        }

        /** The pickup was refused by the dial with WRONG_STATE and a message containing {@code why}. */
        void assertRefused(CompletionStage<Void> pickup, String why) {
            Throwable e = sim.awaitFailure(pickup);
            assertTrue(e instanceof CommandRejectedException, "not a rejection: " + e);
            assertEquals(CommandRejectedException.Reason.WRONG_STATE, ((CommandRejectedException) e).reason());
            assertTrue(e.getMessage().contains(why), "message does not say '" + why + "': " + e.getMessage());
        }

        void assertStillRingingWithItsApplication(FakeChannel phone) {
            assertEquals(ChannelState.RING, phone.channel().state());
            assertEquals(OwnerKind.APPLICATION, phone.channel().snapshot().ownerKind());
        }

        void end() {
            DialFixtures.hangUpEverything(sim, core);
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        }
    }

    @Test
    void aSecondPickupOfTheSameLegFindsTheDialAnswered() {
        Seeds.forEach("second pickup", 71_000, 1_000, seed -> {
            World w = new World(seed);
            CompletionStage<Void> first = w.core.pickup(w.p1.channel(), w.r1);
            CompletionStage<Void> second = w.core.pickup(w.p2.channel(), w.r1); // both reach the dial through r1
            w.sim.await(first);
            w.assertRefused(second, "its dial has already been answered");
            DialResult r = w.sim.await(w.dial.result());
            assertEquals(DialOutcome.ANSWERED, r.outcome());
            assertEquals(w.p1.channel(), r.winner());
            assertEquals(LegOutcome.PICKED_UP, legOf(r, w.r1).outcome());
            assertEquals(LegOutcome.ANSWERED_ELSEWHERE, legOf(r, w.r2).outcome());
            w.assertStillRingingWithItsApplication(w.p2);
            assertFalse(w.sim.await(w.dial.cancel()), "a dial that was answered cannot be cancelled");
            w.end();
        });
    }

    @Test
    void aPickupBehindACancelFindsTheDialCancelled() {
        Seeds.forEach("pickup behind a cancel", 72_000, 1_000, seed -> {
            World w = new World(seed);
            CompletionStage<Boolean> cancelled = w.dial.cancel();
            CompletionStage<Void> pickup = w.core.pickup(w.p1.channel(), w.r1); // reaches the dial after the cancel
            assertTrue(w.sim.await(cancelled));
            w.assertRefused(pickup, "its dial has already been cancelled");
            DialResult r = w.sim.await(w.dial.result());
            assertEquals(DialOutcome.CANCELLED, r.outcome());
            assertEquals(java.util.List.of(LegOutcome.CANCELLED, LegOutcome.CANCELLED),
                    DialFixtures.outcomes(r));
            w.assertStillRingingWithItsApplication(w.p1);
            assertFalse(w.sim.await(w.dial.cancel()), "a second cancel changes nothing");
            assertEquals(DialOutcome.CANCELLED, w.sim.await(w.dial.result()).outcome());
            w.end();
        });
    }

    @Test
    void theCallerAndTheOtherLegsCannotPickUpALegOfTheirOwnDial() {
        Seeds.forEach("pickup from inside the dial", 73_000, 1_000, seed -> {
            World w = new World(seed);
            w.assertRefused(w.core.pickup(w.alice.channel(), w.r1), "is the caller or a leg of the same dial");
            w.assertRefused(w.core.pickup(w.r2, w.r1), "is the caller or a leg of the same dial");
            assertFalse(w.dial.result().toCompletableFuture().isDone(), "the dial still rings");
            assertEquals(ChannelState.RINGING, w.r1.state());
            CompletionStage<Void> real = w.core.pickup(w.p1.channel(), w.r2);
            w.sim.await(real);
            DialResult r = w.sim.await(w.dial.result());
            assertEquals(w.p1.channel(), r.winner());
            assertEquals(LegOutcome.PICKED_UP, legOf(r, w.r2).outcome());
            w.end();
        });
    }
}
