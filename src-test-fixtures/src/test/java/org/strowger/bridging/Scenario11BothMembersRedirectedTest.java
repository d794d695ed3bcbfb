package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.TransferOutcome;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * RELIABILITY.md #11 (ASTERISK-21356/24536: both members of a bridge redirected at once). Both members of a two-party
 * bridge are moved, transferred or redirected at the same instant — random pairs of: blind transfer of A or of B, a
 * move of A or B into another bridge, a redirect of A or B to an application ({@link Channel#attach}), an attended
 * transfer started by A or by B (including both at once, toward each other's bridge). Every operation completes or
 * fails with a reason (no stage is left pending), every attended transfer ends in one outcome, the final topology is
 * valid (every channel in at most one bridge, bridges and channels agree, the original call bridge is never left
 * with one member), nothing leaks, and the same seed always gives the same final topology.
 */
@ExtendWith(NoLeakExtension.class)
class Scenario11BothMembersRedirectedTest {
    private enum Op { BLIND_A, BLIND_B, MOVE_A, MOVE_B, REDIRECT_A, REDIRECT_B, ATTENDED_A, ATTENDED_B }

    @Test
    void bothMembersRedirectedAtOnceEndInOneValidDeterministicTopology() {
        Seeds.forEach("scenario 11", 11_000, 1_200, seed -> {
            String first = runOnce(seed, true, false);
            String again = runOnce(seed, true, false);
            assertEquals(first, again, "the same seed must give the same final topology");
        });
    }

    @Test
    void everyBridgeIncludingConsultationBridgesEndsOnceAllChannelsHungUp() {
        Seeds.forEach("scenario 11 (bridge leak)", 11_000, 1_200, seed -> runOnce(seed, true, true));
    }

    /** One run; returns a description of the final topology and results, for the determinism check. */
    private static String runOnce(long seed, boolean checkStranded, boolean bridgesMustDissolve) {
        StringBuilder ctx = new StringBuilder();
        String[] description = new String[1];
        BridgeInvariants.withContext(ctx, () -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            // Transfer targets ("t...") answer after a random delay, refuse, or never answer.
            fake.on("call", (fc, arg) -> {
                if (!fc.resource().startsWith("t")) {
                    return;
                }
                int fate = sim.random().nextInt(6);
                long delay = sim.random().nextInt(40);
                if (fate == 0) {
                    sim.schedule(() -> fc.remote().hangup(HangupCause.USER_BUSY), delay, TimeUnit.MILLISECONDS);
                } else if (fate != 1) {
                    sim.schedule(() -> fc.remote().answered(), delay, TimeUnit.MILLISECONDS);
                }
            });
            Channel a = BridgeInvariants.answered(sim, core, fake, "a");
            Channel b = BridgeInvariants.answered(sim, core, fake, "b");
            Bridge home = BridgeInvariants.call(sim, core, a, b);
            Channel z = BridgeInvariants.answered(sim, core, fake, "z");
            Bridge other = core.createBridge(BridgeOptions.conference());
            BridgeInvariants.done(sim, other.join(z, JoinOptions.HANG_UP_AFTER));
            Op[] all = Op.values();
            Op op1;
            Op op2;
            if (seed % 6 == 0) {
                op1 = Op.ATTENDED_A;
                op2 = Op.ATTENDED_B;
            } else {
                op1 = all[sim.random().nextInt(all.length)];
                do {
                    op2 = all[sim.random().nextInt(all.length)];
                } while (op2 == op1);
            }
            ctx.append(op1).append(" with ").append(op2);
            List<CompletionStage<?>> stages = new ArrayList<>();
            List<AttendedTransfer> transfers = new ArrayList<>();
            Map<AttendedTransfer, CompletableFuture<TransferOutcome>> outcomes = new HashMap<>();
            List<String> results = new ArrayList<>();
            RecordingApp app = new RecordingApp();
            List<CompletionStage<?>> ops = new ArrayList<>(Arrays.asList(null, null));
            Op[] both = {op1, op2};
            for (int i = 0; i < 2; i++) {
                Op op = both[i];
                int index = i;
                sim.fork(() -> {
                    CompletionStage<?> s = start(op, core, home, other, a, b, app);
                    ops.set(index, s);
                    if (op == Op.ATTENDED_A || op == Op.ATTENDED_B) {
                        s.thenAccept(t -> {
                            AttendedTransfer at = (AttendedTransfer) t;
                            transfers.add(at);
                            outcomes.put(at, at.outcome().toCompletableFuture());
                            int end = sim.random().nextInt(5);
                            long when = sim.random().nextInt(60);
                            sim.schedule(() -> sim.fork(() -> {
                                switch (end) {
                                    case 0, 1 -> stages.add(at.complete());
                                    case 2 -> stages.add(at.cancel());
                                    case 3 -> BridgeInvariants.fakeOf(fake, at.target()).remote()
                                            .hangup(HangupCause.NO_ANSWER);
                                    default -> {
                                    }
                                }
                            }), when, TimeUnit.MILLISECONDS);
                        });
                    }
                });
            }
            sim.runFor(Duration.ofMillis(200));
            for (AttendedTransfer t : transfers) {
                if (!outcomes.get(t).isDone()) {
                    stages.add(t.complete()); // nobody ended it: the transferer completes
                }
            }
            sim.runFor(Duration.ofMillis(100));
            for (AttendedTransfer t : transfers) {
                CompletableFuture<TransferOutcome> o = outcomes.get(t);
                sim.runUntilQuiescent();
                assertTrue(o.isDone(), "an attended transfer has no outcome");
                results.add("outcome " + o.join());
            }
            stages.addAll(0, ops);
            for (CompletionStage<?> s : stages) {
                Throwable f = BridgeInvariants.failureOf(s); // asserts it is done
                assertTrue(f == null || f instanceof CommandRejectedException || f instanceof NoSuchChannelException
                        || f instanceof NoSuchBridgeException, "a failure without a reason: " + f);
                results.add(f == null ? "ok" : f.getClass().getSimpleName()
                        + (f instanceof CommandRejectedException r ? " " + r.reason() : ""));
            }
            ctx.append(" -> ").append(results);
            assertEquals(List.of(), app.violations());
            BridgeInvariants.assertAtRest(core);
            if (checkStranded) {
                BridgeInvariants.assertNoStrandedCallBridge(core, List.of(home));
            }
            description[0] = describe(core) + " " + results;
            BridgeInvariants.hangUpEverything(sim, core, bridgesMustDissolve);
            BridgeInvariants.assertBridgeNotificationsWellFormed(fake);
            Invariants.assertClean(sim, core, fake);
        });
        return description[0];
    }

    private static CompletionStage<?> start(Op op, ChannelCore core, Bridge home, Bridge other, Channel a, Channel b,
            RecordingApp app) {
        return switch (op) {
            case BLIND_A -> core.blindTransfer(a, OutboundRequest.of("Fake", "t-blind-a"));
            case BLIND_B -> core.blindTransfer(b, OutboundRequest.of("Fake", "t-blind-b"));
            case MOVE_A -> home.move(a, other, null);
            case MOVE_B -> home.move(b, other, JoinOptions.PARK_AFTER);
            case REDIRECT_A -> a.attach(app);
            case REDIRECT_B -> b.attach(app);
            case ATTENDED_A -> core.attendedTransfer(a, OutboundRequest.of("Fake", "t-att-a"));
            case ATTENDED_B -> core.attendedTransfer(b, OutboundRequest.of("Fake", "t-att-b"));
        };
    }

    /** Bridges with their members' names, and every live channel's name, state and owner. */
    private static String describe(ChannelCore core) {
        StringBuilder d = new StringBuilder();
        core.bridges().stream().sorted(Comparator.comparing(s -> s.id().value())).forEach(s -> {
            d.append(s.id()).append(s.members().stream()
                    .map(id -> core.channel(id).map(Channel::name).orElse("?")).toList()).append(' ');
        });
        core.channels().stream().sorted(Comparator.comparing(ChannelSnapshot::name)).forEach(s -> d.append(s.name())
                .append('/').append(s.state()).append('/').append(s.ownerKind()).append(' '));
        return d.toString();
    }
}
