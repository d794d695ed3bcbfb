package org.strowger.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.badinput.BadInputWorld.bad;
import static org.strowger.badinput.BadInputWorld.invalid;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.strowger.api.Bridge;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.CommandRejectedException.Reason;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.badinput.BadInputWorld.Case;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/** The {@link Bridge} rows of the bad-input catalogue (docs/reliability.md), one case per row. */
@ExtendWith(NoLeakExtension.class)
class BridgeBadInputTest {

    static List<Case> cases() {
        return List.of(
            bad("destroyed bridge: snapshot and commands", w -> {
                Bridge b = w.destroyedBridge();
                Channel a = w.up("a");
                assertTrue(b.snapshot().members().isEmpty());
                assertTrue(w.core.bridge(b.id()).isEmpty());
                w.bridgeGone(b.join(a, JoinOptions.HANG_UP_AFTER));
                w.done(b.destroy()); // idempotent
                w.stillUsable(a);
                assertEquals(null, a.snapshot().bridge(), "not left in a dead bridge");
            }),
            bad("join: null, foreign, already bridged, hung up", w -> {
                Channel a = w.up("a");
                Channel b = w.up("b");
                Bridge br = w.bridged(a, b);
                Bridge other = w.bridge();
                invalid(() -> other.join(null, JoinOptions.HANG_UP_AFTER));
                invalid(() -> other.join(a, null));
                invalid(() -> other.join(new ChannelCoreBadInputTest.Foreign(a), JoinOptions.HANG_UP_AFTER));
                w.rejected(Reason.WRONG_STATE, other.join(a, JoinOptions.HANG_UP_AFTER));
                w.gone(other.join(w.destroyed("x"), JoinOptions.HANG_UP_AFTER));
                assertEquals(List.of(a.id(), b.id()), br.snapshot().members(), "membership unchanged");
                w.stillUsable(a);
            }),
            bad("leave and kick: null, not a member", w -> {
                Channel a = w.up("a");
                Channel b = w.up("b");
                Bridge br = w.bridged(a, b);
                Channel c = w.up("c");
                invalid(() -> br.leave(null));
                invalid(() -> br.kick(null, HangupCause.NORMAL_CLEARING));
                invalid(() -> br.kick(a, null));
                w.rejected(Reason.WRONG_STATE, br.leave(c));
                w.rejected(Reason.WRONG_STATE, br.kick(c, HangupCause.NORMAL_CLEARING));
                assertFalse(c.snapshot().hangupCause() != null, "a non-member is not hung up by kick");
                assertEquals(2, br.snapshot().members().size());
                w.stillUsable(c);
            }),
            bad("move: null, same bridge, not a member", w -> {
                Channel a = w.up("a");
                Channel b = w.up("b");
                Bridge br = w.bridged(a, b);
                Bridge to = w.bridge();
                invalid(() -> br.move(null, to, null));
                invalid(() -> br.move(a, null, null));
                invalid(() -> br.move(a, br, null));
                w.rejected(Reason.WRONG_STATE, to.move(a, br, null));
                assertEquals(2, br.snapshot().members().size());
                w.stillUsable(a);
            }),
            bad("swap: null, same channel, out not a member", w -> {
                Channel a = w.up("a");
                Channel b = w.up("b");
                Bridge br = w.bridged(a, b);
                Channel c = w.up("c");
                invalid(() -> br.swap(null, c, null));
                invalid(() -> br.swap(a, null, null));
                invalid(() -> br.swap(a, a, null));
                w.rejected(Reason.WRONG_STATE, br.swap(c, a, null));
                assertEquals(List.of(a.id(), b.id()), br.snapshot().members());
                w.stillUsable(c);
            }),
            bad("merge: null, itself, destroyed", w -> {
                Bridge br = w.bridge();
                invalid(() -> br.merge(null));
                invalid(() -> br.merge(br));
                w.bridgeGone(br.merge(w.destroyedBridge()));
                Channel a = w.up("a");
                w.done(br.join(a, JoinOptions.HANG_UP_AFTER));
            }),
            bad("addDtmfHook: malformed or conflicting sequence", w -> {
                Bridge br = w.bridge();
                invalid(() -> br.addDtmfHook(null, (b, c, s) -> { }));
                invalid(() -> br.addDtmfHook("", (b, c, s) -> { }));
                invalid(() -> br.addDtmfHook("1".repeat(17), (b, c, s) -> { }));
                invalid(() -> br.addDtmfHook("*9x", (b, c, s) -> { }));
                invalid(() -> br.addDtmfHook("\n", (b, c, s) -> { }));
                invalid(() -> br.addDtmfHook("*9", null));
                Cancellable hook = w.done(br.addDtmfHook("*9", (b, c, s) -> { }));
                w.rejected(Reason.CONFLICT, br.addDtmfHook("*9", (b, c, s) -> { }));
                w.rejected(Reason.CONFLICT, br.addDtmfHook("*", (b, c, s) -> { }));
                w.rejected(Reason.CONFLICT, br.addDtmfHook("*91", (b, c, s) -> { }));
                assertTrue(hook.cancel());
                assertFalse(hook.cancel(), "idempotent");
                w.sim.runUntilQuiescent();
                w.done(br.addDtmfHook("*91", (b, c, s) -> { }));
            }),
            bad("addIntervalHook: bad interval or null hook", w -> {
                Bridge br = w.bridge();
                invalid(() -> br.addIntervalHook(null, b -> { }));
                invalid(() -> br.addIntervalHook(Duration.ofMillis(9), b -> { }));
                invalid(() -> br.addIntervalHook(Duration.ofHours(25), b -> { }));
                invalid(() -> br.addIntervalHook(Duration.ofSeconds(1), null));
                int[] ticks = new int[1];
                Cancellable c = w.done(br.addIntervalHook(Duration.ofSeconds(1), b -> ticks[0]++));
                w.sim.runFor(Duration.ofMillis(2500));
                assertEquals(2, ticks[0]);
                assertTrue(c.cancel());
            }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bridge(Case c, TestCores cores) {
        BadInputWorld.run(c, cores);
    }
}
