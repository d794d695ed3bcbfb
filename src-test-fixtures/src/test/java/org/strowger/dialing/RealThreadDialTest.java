package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Application;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialLeg;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.LegOutcome;
import org.strowger.api.dial.OnAnswer;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.TestCores;

/**
 * Dialing on real threads: hundreds of ring groups at once, their far ends (Fake channels, and Local pairs whose
 * second half answers or rings) answering, refusing, ringing, forwarding and being picked up from two "network"
 * threads within a few milliseconds of each other, callers hanging up and dials being cancelled meanwhile. No deadlock
 * (watched), every dial ends with at most one winner, every leg but the winner has ended when it does, and after the
 * calls every channel has been hung up and destroyed once.
 */
@ExtendWith(NoLeakExtension.class)
class RealThreadDialTest {
    private static final int DIALS = 300;

    @Test
    void manyRingGroupsAtOnceOnRealThreads(TestCores cores) throws Exception {
        ScheduledExecutorService network = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "dial-test-network");
            t.setDaemon(true);
            return t;
        });
        FakeTech fakeTech = new FakeTech();
        Application localPhone = new Application() { // the far end of a Local leg: answers within 2 ms, or rings
            @Override
            public void onAttach(Channel two) {
                two.indicate(org.strowger.api.frame.Control.RINGING);
                if (ThreadLocalRandom.current().nextBoolean()) {
                    two.schedule(java.time.Duration.ofMillis(ThreadLocalRandom.current().nextInt(3)), two::answer);
                }
            }
        };
        ChannelCore core = cores.real(b -> b.inboundHandler(ch -> ch.techName().equals("Local") ? localPhone
                : new RecordingApp()), fakeTech);
        Map<String, Channel> pickers = new ConcurrentHashMap<>();
        Map<String, CompletableFuture<Void>> pickups = new ConcurrentHashMap<>();
        fakeTech.on("call", (fc, arg) -> {
            String res = fc.resource();
            long delay = ThreadLocalRandom.current().nextLong(3_000);
            Runnable farEnd = switch (res.charAt(0)) {
                case 'a' -> () -> fc.remote().answered();
                case 'b' -> () -> fc.remote().busy();
                case 'f' -> () -> fc.remote().redirected("Fake/a" + res.substring(1));
                case 'p' -> () -> {
                    Channel picker = pickers.get(res.substring(1));
                    pickups.put(res.substring(1), core.pickup(picker, fc.channel()).toCompletableFuture());
                };
                default -> () -> fc.remote().ringing();
            };
            network.schedule(() -> {
                fc.remote().progress();
                fc.remote().receive(DialFixtures.voice(1));
                farEnd.run();
            }, delay, TimeUnit.MICROSECONDS);
        });
        List<DialHandle> dials = new ArrayList<>();
        List<CompletableFuture<DialResult>> results = new ArrayList<>();
        try (DeadlockWatchdog watchdog = DeadlockWatchdog.start()) {
            for (int i = 0; i < DIALS; i++) {
                FakeChannel alice = fakeTech.inbound("alice" + i, "100");
                String kinds = "abflpr";
                List<DialTarget> targets = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                    char kind = kinds.charAt(ThreadLocalRandom.current().nextInt(kinds.length()));
                    targets.add(DialTarget.of(kind == 'l' ? "Local" : "Fake", kind + String.valueOf(i)));
                    if (kind == 'p') {
                        pickers.putIfAbsent(String.valueOf(i), fakeTech.inbound("picker" + i, "*8").channel());
                    }
                }
                Channel caller = alice.channel(); // usable at once, although its factory may still be running
                DialString ds = DialString.of(targets.toArray(DialTarget[]::new))
                        .withTimeout(java.time.Duration.ofSeconds(1)); // some legs only ring; generous under load
                DialHandle dial = core.dial(DialRequest.of(ds).withCaller(caller).withOnAnswer(OnAnswer.bridgeWith(caller)));
                dials.add(dial);
                results.add(dial.result().toCompletableFuture());
                int fate = ThreadLocalRandom.current().nextInt(4);
                long at = ThreadLocalRandom.current().nextLong(3_000);
                if (fate == 0) {
                    network.schedule(() -> alice.remote().hangup(HangupCause.ORIGINATOR_CANCEL), at,
                            TimeUnit.MICROSECONDS);
                } else if (fate == 1) {
                    network.schedule(dial::cancel, at, TimeUnit.MICROSECONDS);
                }
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertTrue(watchdog.checks() > 0);
        }
        try {
            check(results, pickups, pickers);
        } finally {
            network.shutdownNow();
            for (ChannelSnapshot s : core.channels()) {
                core.channel(s.id()).ifPresent(ch -> ch.hangup(HangupCause.NORMAL_CLEARING));
            }
        }
        // NoLeakExtension waits for every channel to be destroyed and checks hang-up/close counts
    }

    private static void check(List<CompletableFuture<DialResult>> results,
            Map<String, CompletableFuture<Void>> pickups, Map<String, Channel> pickers) throws Exception {
        int answered = 0;
        for (int i = 0; i < DIALS; i++) {
            DialResult r = results.get(i).join();
            long won = r.legs().stream().filter(l -> l.outcome() == LegOutcome.ANSWERED).count();
            assertTrue(won <= 1, r.toString());
            assertEquals(r.outcome() == DialOutcome.ANSWERED, r.winner() != null, r.toString());
            CompletableFuture<Void> pickup = pickups.get(String.valueOf(i));
            if (pickup != null) {
                pickup.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
                if (!pickup.isCompletedExceptionally()) {
                    assertEquals(pickers.get(String.valueOf(i)), r.winner(), "a winning pickup is the winner");
                    assertEquals(0, won, "a pickup and a leg both won: " + r);
                }
            }
            answered += r.outcome() == DialOutcome.ANSWERED ? 1 : 0;
            for (DialLeg leg : r.legs()) {
                if (leg.channelId() != null && (r.winner() == null || !r.winner().id().equals(leg.channelId()))) {
                    assertNotNull(leg.cause(), "a leg still live when its dial ended: " + r);
                }
            }
        }
        assertTrue(answered > 0, "no dial was answered at all");
    }
}
