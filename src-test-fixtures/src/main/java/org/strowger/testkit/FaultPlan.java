package org.strowger.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.strowger.api.Channel;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.DtmfBegin;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;

/**
 * Seeded fault injection for a {@link FakeTech} inside a {@link Simulation}, built only on its scripted reactions
 * ({@link FakeTech#on}). Installed on a set of callbacks, each callback of each channel draws, from the simulation's
 * random source, at most one fault with the per-mille odds of {@link Rates}:
 *
 * <ul>
 *   <li><b>throw</b>: the callback throws {@link FakeTech.FakeFault} (after it was recorded);
 *   <li><b>overrun</b>: the callback takes 0.5..3 s of virtual time ({@link Simulation#elapse}), longer than the
 *       default stall budget: timers due meanwhile fire late;
 *   <li><b>re-entrant</b>: the callback calls back into the core on its own channel (hang-up, write, indication,
 *       text, a variable, an executed task) or makes an upcall from inside itself (answered, a frame);
 *   <li><b>foreign</b>: the callback hands an upcall (ringing, progress, answered, a voice or DTMF frame, a hang-up)
 *       to another actor ({@link Simulation#fork}), which makes it later from "another thread";
 *   <li><b>late</b> (on {@code call}, {@code hangup} and {@code close} only): on {@code call} the far end answers
 *       twice; on the others actors make upcalls after the end: answered, a frame, ringing, and hang-up twice.
 * </ul>
 *
 * <p>Every command stage a re-entrant fault obtains is handed to the {@code stages} consumer, so a test can check it
 * completed. {@link #injected()} counts the faults by kind. Simulation thread only.
 */
public final class FaultPlan {
    /**
     * Odds, in per mille per callback, of each fault; their sum must not exceed 1000.
     *
     * @param throwing the callback throws
     * @param overrun the callback takes longer than a stall budget of virtual time
     * @param reentrant the callback calls back into the core
     * @param foreign the callback hands an upcall to another actor
     * @param late duplicate and late upcalls (on call, hangup and close)
     */
    public record Rates(int throwing, int overrun, int reentrant, int foreign, int late) {
        public Rates {
            if (throwing < 0 || overrun < 0 || reentrant < 0 || foreign < 0 || late < 0
                    || throwing + overrun + reentrant + foreign + late > 1000) {
                throw new IllegalArgumentException("rates are per mille, each >= 0, summing to at most 1000");
            }
        }
    }

    /** The callbacks a plan applies to by default: all but {@code newChannel}. */
    public static final List<String> CALLBACKS = List.of("call", "answer", "hangup", "write", "comfortNoise",
            "indicate", "dtmfBegin", "dtmfEnd", "sendText", "bridged", "unbridged", "close");

    private final Simulation sim;
    private final SplittableRandom random;
    private final Rates rates;
    private final Consumer<CompletionStage<?>> stages;
    private final Map<String, Long> injected = new TreeMap<>();

    private FaultPlan(Simulation sim, Rates rates, Consumer<CompletionStage<?>> stages) {
        this.sim = sim;
        this.random = sim.random();
        this.rates = rates;
        this.stages = stages;
    }

    /** Installs a plan on {@code callbacks} of {@code tech}; returns it (for {@link #injected()}). */
    public static FaultPlan install(FakeTech tech, Simulation sim, Rates rates, List<String> callbacks,
            Consumer<CompletionStage<?>> stages) {
        FaultPlan plan = new FaultPlan(sim, rates, stages);
        for (String cb : callbacks) {
            tech.on(cb, (ch, arg) -> plan.maybeInject(cb, ch));
        }
        return plan;
    }

    /** How many faults of each kind were injected so far ({@code "throw hangup"}, {@code "late close"} ...). */
    public Map<String, Long> injected() {
        return Map.copyOf(injected);
    }

    private void maybeInject(String callback, FakeChannel ch) {
        int dice = random.nextInt(1000);
        if ((dice -= rates.throwing()) < 0) {
            count("throw", callback);
            throw new FakeTech.FakeFault(callback);
        } else if ((dice -= rates.overrun()) < 0) {
            count("overrun", callback);
            sim.elapse(Duration.ofMillis(500 + random.nextInt(2500)));
        } else if ((dice -= rates.reentrant()) < 0) {
            count("reentrant", callback);
            reenter(ch);
        } else if ((dice -= rates.foreign()) < 0) {
            count("foreign", callback);
            foreign(ch);
        } else if ((dice -= rates.late()) < 0 && (callback.equals("hangup") || callback.equals("close")
                || callback.equals("call"))) {
            count("late", callback);
            late(ch, callback);
        }
    }

    private void reenter(FakeChannel ch) {
        Channel c = ch.channel();
        switch (random.nextInt(8)) {
            case 0 -> stages.accept(c.hangup(HangupCause.NORMAL_CLEARING));
            case 1 -> c.write(voice());
            case 2 -> stages.accept(c.indicate(Control.RINGING));
            case 3 -> stages.accept(c.sendText("chaos"));
            case 4 -> stages.accept(c.setVariable("CHAOS", "1"));
            case 5 -> stages.accept(c.execute(() -> { }));
            case 6 -> ch.remote().answered();
            default -> ch.remote().receive(voice());
        }
    }

    private void foreign(FakeChannel ch) {
        int what = random.nextInt(7);
        sim.fork(() -> {
            switch (what) {
                case 0 -> ch.remote().ringing();
                case 1 -> ch.remote().progress();
                case 2 -> ch.remote().answered();
                case 3 -> ch.remote().receive(voice());
                case 4 -> {
                    ch.remote().receive(new DtmfBegin('5'));
                    ch.remote().receive(new DtmfEnd('5', Duration.ofMillis(80)));
                }
                case 5 -> ch.remote().execute(() -> { });
                default -> ch.remote().hangup(HangupCause.NORMAL_CLEARING);
            }
        });
    }

    private void late(FakeChannel ch, String callback) {
        if (callback.equals("call")) {
            sim.fork(() -> ch.remote().answered());
            sim.fork(() -> ch.remote().answered());
            return;
        }
        sim.fork(() -> ch.remote().answered());
        sim.fork(() -> ch.remote().receive(voice()));
        sim.fork(() -> ch.remote().ringing());
        sim.fork(() -> {
            ch.remote().hangup(HangupCause.NORMAL_CLEARING);
            ch.remote().hangup(HangupCause.USER_BUSY);
        });
    }

    private void count(String kind, String callback) {
        injected.merge(kind + " " + callback, 1L, Long::sum);
    }

    private static VoiceFrame voice() {
        return new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0);
    }
}
