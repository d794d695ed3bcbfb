package org.strowger.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.badinput.BadInputWorld.bad;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.CommandRejectedException.Reason;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.TransferOutcome;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.badinput.BadInputWorld.Case;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/**
 * The rows of the bad-input catalogue (docs/reliability.md) for the handles the core returns: AttendedTransfer,
 * DialHandle, Subscription and Cancellable. Their bad input is the wrong moment: used again, after the
 * thing has ended, or after its channel is gone.
 */
@ExtendWith(NoLeakExtension.class)
class HandlesBadInputTest {

    static List<Case> cases() {
        return List.of(
            bad("attended transfer: complete or cancel after it ended", w -> {
                Channel a = w.up("a");
                Channel b = w.up("b");
                w.bridged(a, b);
                Bridge home = w.core.bridge(b.snapshot().bridge()).orElseThrow();
                AttendedTransfer t = w.done(w.core.attendedTransfer(b, OutboundRequest.of("Fake", "c")));
                assertEquals(b, t.transferer());
                assertEquals(home, t.home());
                Bridge consultation = t.consultation();
                assertEquals(TransferOutcome.CANCELLED, w.done(t.cancel()));
                w.rejected(Reason.WRONG_STATE, t.cancel());
                w.rejected(Reason.WRONG_STATE, t.complete());
                assertEquals(TransferOutcome.CANCELLED, w.done(t.outcome()), "the outcome does not change");
                assertTrue(t.target().snapshot().hangupCause() != null, "the target was hung up");
                assertEquals(home, t.home(), "the bridges stay named after the end");
                assertTrue(consultation.snapshot().destroyed(), "the consultation dissolved: " + consultation.snapshot());
                w.stillUsable(b);
            }),
            bad("dial handle: cancel after the end", w -> {
                DialHandle d = w.core.dial(DialRequest.of(DialString.of(DialTarget.of("Fake", "bob")
                        .withTimeout(Duration.ofMillis(10)))));
                DialResult r = w.done(d.result());
                assertEquals(DialOutcome.NO_ANSWER, r.outcome());
                assertEquals(List.of(), d.legs(), "no leg rings once the dial has ended");
                assertFalse(w.done(d.cancel()));
                assertFalse(w.done(d.cancel()));
                assertEquals(r, w.done(d.result()));
                assertEquals("bob", d.request().dialString().groups().get(0).targets().get(0).resource());
            }),
            bad("subscription: close twice, use after close", w -> {
                Subscription s = w.core.subscribe(EventFilter.all(), e -> { },
                        SubscribeOptions.defaults().onPool().withName("s"));
                assertTrue(s.cancel());
                assertFalse(s.cancel(), "a second cancel changes nothing");
                s.close();
                assertFalse(s.isOpen());
                w.down("after");
                w.sim.runUntilQuiescent();
                assertEquals(0, s.delivered());
                assertEquals(0, s.dropped());
                assertEquals(0, s.failures());
                assertEquals(0, s.queued());
                assertEquals("s", s.name());
                assertEquals(EventFilter.all(), s.filter());
                assertFalse(s.stats().open());
            }),
            bad("subscriber throws", w -> {
                Subscription s = w.core.subscribe(EventFilter.all(), e -> {
                    throw new IllegalStateException("subscriber\nfailure");
                }, SubscribeOptions.defaults().onPool());
                w.down("a");
                w.sim.runUntilQuiescent();
                assertTrue(s.failures() > 0);
                assertTrue(s.isOpen(), "a throwing subscriber stays subscribed");
                s.close();
            }),
            bad("tap handle: cancel twice or after hang-up", w -> {
                Channel a = w.down("a");
                Cancellable tap = w.done(a.addTap((c, d, f) -> f));
                assertTrue(tap.cancel());
                assertFalse(tap.cancel(), "a second cancel changes nothing");
                w.sim.runUntilQuiescent();
                Cancellable late = w.done(a.addTap((c, d, f) -> f));
                w.done(a.hangup(HangupCause.NORMAL_CLEARING));
                w.sim.runUntilQuiescent();
                assertTrue(late.cancel(), "cancelling after the hang-up closed the tap is harmless");
                w.sim.runUntilQuiescent();
            }),
            bad("cancellable: cancel twice or after it ran", w -> {
                Channel a = w.down("a");
                int[] ran = new int[1];
                Cancellable c = a.schedule(Duration.ofMillis(5), () -> ran[0]++);
                assertTrue(c.cancel());
                assertFalse(c.cancel());
                Cancellable done = a.schedule(Duration.ZERO, () -> ran[0]++);
                w.sim.runFor(Duration.ofMillis(10));
                assertFalse(done.cancel(), "too late: it ran");
                assertEquals(1, ran[0]);
            }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void handle(Case c, TestCores cores) {
        BadInputWorld.run(c, cores);
    }
}
