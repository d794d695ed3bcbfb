package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.strowger.dialing.DialFixtures.fake;
import static org.strowger.dialing.DialFixtures.groups;
import static org.strowger.dialing.DialFixtures.indicated;
import static org.strowger.dialing.DialFixtures.voice;
import static org.strowger.dialing.DialFixtures.written;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialGroup;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.EarlyMediaPolicy;
import org.strowger.api.frame.Control;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * What the caller hears while legs ring: one target passes its ringing, progress and media through; several follow
 * the policy (RINGBACK: ringing once, nothing else; FIRST_PROGRESS: the first leg to signal progress passes its
 * progress and media, the others are muted). Ringing and progress reach the caller at most once each per dial.
 */
@ExtendWith(NoLeakExtension.class)
class EarlyMediaTest {

    private static DialString oneGroup(EarlyMediaPolicy policy, DialTarget... targets) {
        return DialString.of(targets).withEarlyMedia(policy);
    }

    private static FakeChannel start(Simulation sim, ChannelCore core, FakeTech fakeTech, DialString ds) {
        FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
        DialHandle dial = core.dial(DialRequest.of(ds).withCaller(alice.channel()));
        DialFixtures.at(sim, 100, dial::cancel);
        sim.runFor(Duration.ofMillis(99));
        return alice;
    }

    @Test
    void aSingleTargetPassesItsRingingProgressAndMediaThroughOnceEach(TestCores cores) {
        Simulation sim = new Simulation(21);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> new RecordingApp()), fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("bob", 1, s -> s.ringing()).at("bob", 2, s -> s.ringing())
                .at("bob", 3, s -> s.receive(voice(1))).at("bob", 4, s -> s.progress())
                .at("bob", 5, s -> s.progress()).at("bob", 6, s -> s.receive(voice(2)))
                .at("bob", 7, s -> s.receive(voice(3)));
        FakeChannel alice = start(sim, core, fakeTech, DialString.of(fake("bob")));
        assertEquals(1, indicated(alice, Control.RINGING));
        assertEquals(1, indicated(alice, Control.PROGRESS));
        assertEquals(List.of(1L, 2L, 3L), written(alice));
        DialFixtures.hangUpEverything(sim, core);
    }

    @Test
    void withRingbackSeveralTargetsGiveTheCallerRingingOnceAndNothingElse(TestCores cores) {
        Simulation sim = new Simulation(22);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> new RecordingApp()), fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("a", 1, s -> s.progress()).at("a", 2, s -> s.receive(voice(1)))
                .at("b", 3, s -> s.ringing()).at("b", 4, s -> s.progress()).at("b", 5, s -> s.receive(voice(2)));
        FakeChannel alice = start(sim, core, fakeTech, oneGroup(EarlyMediaPolicy.RINGBACK, fake("a"), fake("b")));
        assertEquals(1, indicated(alice, Control.RINGING), "a's progress already rings the caller");
        assertEquals(0, indicated(alice, Control.PROGRESS));
        assertEquals(List.of(), written(alice));
        DialFixtures.hangUpEverything(sim, core);
    }

    @Test
    void withFirstProgressOnlyTheFirstLegToSignalProgressIsHeardUntilItEnds(TestCores cores) {
        Simulation sim = new Simulation(23);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> new RecordingApp()), fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech)
                .at("a", 1, s -> s.ringing())
                .at("b", 2, s -> s.receive(voice(9))) // before its progress: muted
                .at("b", 3, s -> s.progress()).at("b", 4, s -> s.receive(voice(10)))
                .at("c", 5, s -> s.progress()).at("c", 6, s -> s.receive(voice(20)))
                .at("b", 7, s -> s.busy())
                .at("c", 8, s -> s.receive(voice(21))) // its progress came while b was heard: still muted
                .at("c", 9, s -> s.progress()).at("c", 10, s -> s.receive(voice(22)));
        FakeChannel alice = start(sim, core, fakeTech,
                oneGroup(EarlyMediaPolicy.FIRST_PROGRESS, fake("a"), fake("b"), fake("c")));
        assertEquals(1, indicated(alice, Control.RINGING));
        assertEquals(1, indicated(alice, Control.PROGRESS), "progress reaches the caller once");
        assertEquals(List.of(10L, 22L), written(alice));
        DialFixtures.hangUpEverything(sim, core);
    }

    @Test
    void withFirstProgressTheHeardLegStaysHeardWhenAnotherLegEnds(TestCores cores) {
        Simulation sim = new Simulation(24);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> new RecordingApp()), fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech)
                .at("b", 2, s -> s.progress()).at("b", 3, s -> s.receive(voice(10)))
                .at("a", 4, s -> s.busy()) // a was never heard: b is still the one
                .at("c", 5, s -> s.progress()).at("c", 6, s -> s.receive(voice(20)))
                .at("b", 7, s -> s.receive(voice(11)));
        FakeChannel alice = start(sim, core, fakeTech,
                oneGroup(EarlyMediaPolicy.FIRST_PROGRESS, fake("a"), fake("b"), fake("c")));
        assertEquals(List.of(10L, 11L), written(alice));
        DialFixtures.hangUpEverything(sim, core);
    }

    @Test
    void groupsOfOneTargetEachPassEverythingButRingingAndProgressStillReachTheCallerOnce(TestCores cores) {
        Simulation sim = new Simulation(24);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> new RecordingApp()), fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech)
                .at("a", 1, s -> s.ringing()).at("a", 2, s -> s.progress()).at("a", 3, s -> s.receive(voice(1)))
                .at("b", 1, s -> s.ringing()).at("b", 2, s -> s.progress()).at("b", 3, s -> s.receive(voice(2)));
        FakeChannel alice = start(sim, core, fakeTech, groups(DialGroup.of(fake("a", 10)), DialGroup.of(fake("b"))));
        assertEquals(1, indicated(alice, Control.RINGING));
        assertEquals(1, indicated(alice, Control.PROGRESS));
        assertEquals(List.of(1L, 2L), written(alice));
        DialFixtures.hangUpEverything(sim, core);
    }

    /**
     * Random ringing, progress and early media from 1-3 legs, each event at its own millisecond, under both policies:
     * ringing and progress reach the caller at most once, exactly when the rules say, and the caller hears media from
     * the legs the rules allow and from no other.
     */
    @Test
    void randomEarlyMediaFollowsThePolicy() {
        Seeds.forEach("early media", 60_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> new RecordingApp()).tech(fakeTech).build();
            var random = sim.random();
            int n = 1 + random.nextInt(3);
            EarlyMediaPolicy policy = random.nextBoolean() ? EarlyMediaPolicy.RINGBACK : EarlyMediaPolicy.FIRST_PROGRESS;
            DialFixtures.FarEnds far = new DialFixtures.FarEnds(sim, fakeTech);
            List<Integer> times = new ArrayList<>();
            for (int i = 1; i < 90; i++) {
                times.add(i);
            }
            java.util.Collections.shuffle(times, new java.util.Random(seed));
            int next = 0;
            boolean rang = false;
            int firstProgressLeg = -1;
            int firstProgressAt = Integer.MAX_VALUE;
            List<DialTarget> targets = new ArrayList<>();
            Map<Integer, List<long[]>> mediaOf = new java.util.HashMap<>(); // leg -> {time, ts}
            Map<Integer, Integer> progressAt = new java.util.HashMap<>();
            for (int leg = 0; leg < n; leg++) {
                String res = "l" + leg;
                targets.add(fake(res));
                if (random.nextBoolean()) {
                    int at = times.get(next++);
                    far.at(res, at, s -> s.ringing());
                    rang = true;
                }
                if (random.nextInt(3) != 0) {
                    int at = times.get(next++);
                    far.at(res, at, s -> s.progress());
                    progressAt.put(leg, at);
                    if (at < firstProgressAt) {
                        firstProgressAt = at;
                        firstProgressLeg = leg;
                    }
                }
                for (int f = 0, frames = random.nextInt(4); f < frames; f++) {
                    int at = times.get(next++);
                    long ts = leg * 1000L + at;
                    far.at(res, at, s -> s.receive(voice(ts)));
                    mediaOf.computeIfAbsent(leg, k -> new ArrayList<>()).add(new long[] {at, ts});
                }
            }
            FakeChannel alice = start(sim, core, fakeTech, oneGroup(policy, targets.toArray(DialTarget[]::new)));
            boolean anyProgress = firstProgressLeg >= 0;
            Set<Long> expected = new HashSet<>();
            if (n == 1) {
                mediaOf.getOrDefault(0, List.of()).forEach(m -> expected.add(m[1]));
            } else if (policy == EarlyMediaPolicy.FIRST_PROGRESS && anyProgress) {
                for (long[] m : mediaOf.getOrDefault(firstProgressLeg, List.of())) {
                    if (m[0] > firstProgressAt) {
                        expected.add(m[1]);
                    }
                }
            }
            String where = "policy " + policy + ", " + n + " legs, progress at " + progressAt + ", media " + mediaOf
                    .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().stream()
                            .map(m -> m[0] + ":" + m[1]).toList()).toList();
            boolean ringingExpected = rang || (n > 1 && policy == EarlyMediaPolicy.RINGBACK && anyProgress);
            assertEquals(ringingExpected ? 1 : 0, indicated(alice, Control.RINGING), where);
            boolean progressExpected = anyProgress && (n == 1 || policy == EarlyMediaPolicy.FIRST_PROGRESS);
            assertEquals(progressExpected ? 1 : 0, indicated(alice, Control.PROGRESS), where);
            assertEquals(expected, new HashSet<>(written(alice)), where);
            alice.remote().hangup(HangupCause.NORMAL_CLEARING);
            sim.runAll();
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
    }
}
