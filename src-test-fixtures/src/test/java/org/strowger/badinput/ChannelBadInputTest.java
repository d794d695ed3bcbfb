package org.strowger.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.badinput.BadInputWorld.bad;
import static org.strowger.badinput.BadInputWorld.invalid;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.strowger.api.BlockingOnOwnerThreadException;
import org.strowger.api.Channel;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException.Reason;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.Party;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.TextFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.badinput.BadInputWorld.Case;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.TestCores;

/** The {@link Channel} rows of the bad-input catalogue (docs/reliability.md), one case per row. */
@ExtendWith(NoLeakExtension.class)
class ChannelBadInputTest {

    static List<Case> cases() {
        return List.of(
            bad("stale handle keeps its identity", w -> {
                Channel ch = w.destroyed("gone");
                assertEquals("Fake", ch.techName());
                assertEquals(Direction.OUTBOUND, ch.direction());
                assertEquals(ch.id(), ch.linkedId());
                assertTrue(ch.name().startsWith("Fake/gone"));
                assertEquals(ChannelState.DESTROYED, ch.state(), "the last snapshot stays readable");
                assertEquals(HangupCause.NORMAL_CLEARING, ch.snapshot().hangupCause());
                assertTrue(ch.variable("NONE").isEmpty());
                assertFalse(ch.inExecutor());
                assertEquals(0, ch.mediaFramesDropped());
                assertEquals(w.core, ch.core(), "a stale handle still names its core");
            }),
            bad("variable: null or unknown name", w -> {
                Channel ch = w.down("a");
                invalid(() -> ch.variable(null));
                assertTrue(ch.variable("never set").isEmpty());
                w.stillUsable(ch);
            }),
            bad("call: inbound or twice", w -> {
                Channel in = w.ringing("in");
                w.rejected(Reason.WRONG_STATE, in.call());
                Channel out = w.down("out");
                w.done(out.call());
                w.rejected(Reason.WRONG_STATE, out.call());
                assertEquals(1, w.fakeOf(out).count("call"), "the tech was called once");
                w.stillUsable(in);
                w.stillUsable(out);
            }),
            bad("call: stale handle", w -> w.gone(NoSuchChannelException.Reason.DESTROYED, w.destroyed("x").call())),
            bad("answer: outbound or twice", w -> {
                Channel out = w.down("out");
                w.rejected(Reason.WRONG_STATE, out.answer());
                Channel in = w.up("in");
                w.rejected(Reason.WRONG_STATE, in.answer());
                assertEquals(1, w.fakeOf(in).count("answer"));
                w.stillUsable(in);
                w.stillUsable(out);
            }),
            bad("answer: hung up", w -> {
                Channel in = w.ringing("in");
                in.hangup(HangupCause.NORMAL_CLEARING);
                w.gone(in.answer());
                assertEquals(0, w.fakeOf(in).count("answer"));
            }),
            bad("hangup: null cause", w -> {
                Channel ch = w.down("a");
                invalid(() -> ch.hangup(null));
                w.stillUsable(ch);
            }),
            bad("hangup: twice", w -> {
                Channel ch = w.down("a");
                CompletableFuture<Void> first = ch.hangup(HangupCause.NORMAL_CLEARING).toCompletableFuture();
                w.gone(ch.hangup(HangupCause.USER_BUSY));
                w.done(first);
                assertEquals(1, w.fakeOf(ch).count("hangup"), "the tech is told once");
                assertEquals(HangupCause.NORMAL_CLEARING, ch.snapshot().hangupCause(), "the first cause stays");
            }),
            bad("indicate: null or CONNECTED_LINE", w -> {
                Channel ch = w.up("a");
                invalid(() -> ch.indicate(null));
                invalid(() -> ch.indicate(Control.CONNECTED_LINE));
                w.done(ch.indicate(Control.HOLD));
                w.stillUsable(ch);
            }),
            bad("indicate: stale handle", w -> w.gone(NoSuchChannelException.Reason.DESTROYED,
                    w.destroyed("x").indicate(Control.HOLD))),
            bad("updateConnectedLine: null or oversized party", w -> {
                Channel ch = w.up("a");
                invalid(() -> ch.updateConnectedLine(null));
                invalid(() -> ch.updateConnectedLine(new Party("x".repeat(Party.MAX_LENGTH + 1), "")));
                w.done(ch.updateConnectedLine(Party.of("Bob\n\u001b[31m", "200")));
                assertEquals("Bob\n\u001b[31m", ch.snapshot().connected().name(), "stored as given, escaped when logged");
            }),
            bad("sendDtmf: bad digit or duration", w -> {
                Channel ch = w.up("a");
                invalid(() -> ch.sendDtmf('x', Duration.ofMillis(100)));
                invalid(() -> ch.sendDtmf('\n', Duration.ofMillis(100)));
                invalid(() -> ch.sendDtmf('1', null));
                invalid(() -> ch.sendDtmf('1', Duration.ofMillis(-1)));
                invalid(() -> ch.sendDtmf('1', Duration.ofSeconds(61)));
                w.done(ch.sendDtmf('a', Duration.ofMillis(100)));
                assertEquals('A', w.fakeOf(ch).argumentOf("dtmfBegin"), "lower case is canonicalised");
            }),
            bad("sendDtmf: hung up", w -> w.gone(w.destroyed("x").sendDtmf('1', Duration.ofMillis(100)))),
            bad("sendText: null or oversized", w -> {
                Channel ch = w.up("a");
                invalid(() -> ch.sendText(null));
                invalid(() -> ch.sendText("x".repeat(TextFrame.MAX_LENGTH + 1)));
                w.done(ch.sendText("line1\nline2"));
                w.stillUsable(ch);
            }),
            bad("write: null frame or hung up", w -> {
                Channel ch = w.up("a");
                invalid(() -> ch.write(null));
                Channel gone = w.destroyed("x");
                assertFalse(gone.write(new TextFrame("late")), "refused: returns false");
                assertFalse(gone.write(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0)));
                assertTrue(ch.write(new TextFrame("ok")));
                w.stillUsable(ch);
            }),
            bad("setVariable: malformed name or value", w -> {
                Channel ch = w.down("a");
                invalid(() -> ch.setVariable(null, "v"));
                invalid(() -> ch.setVariable("", "v"));
                invalid(() -> ch.setVariable("_", "v"));
                invalid(() -> ch.setVariable("__", "v"));
                invalid(() -> ch.setVariable("bad name", "v"));
                invalid(() -> ch.setVariable("new\nline", "v"));
                invalid(() -> ch.setVariable("x".repeat(81), "v"));
                invalid(() -> ch.setVariable("X", "v".repeat(4097)));
                w.done(ch.setVariable("X", null)); // removing an unset variable is fine
                w.stillUsable(ch);
                assertEquals(1, ch.snapshot().variables().size(), "only AFTER was set");
            }),
            bad("setVariable: stale handle", w -> w.gone(NoSuchChannelException.Reason.DESTROYED,
                    w.destroyed("x").setVariable("X", "1"))),
            bad("setAbsoluteTimeout: out of range", w -> {
                Channel ch = w.down("a");
                invalid(() -> ch.setAbsoluteTimeout(Duration.ofMillis(-1)));
                invalid(() -> ch.setAbsoluteTimeout(Duration.ofHours(24).plusNanos(1)));
                w.done(ch.setAbsoluteTimeout(null));
                w.done(ch.setAbsoluteTimeout(Duration.ZERO));
                w.stillUsable(ch);
            }),
            bad("setAbsoluteTimeout: hung up", w -> w.gone(w.destroyed("x").setAbsoluteTimeout(Duration.ofSeconds(1)))),
            bad("attach: null application", w -> {
                Channel ch = w.down("a");
                invalid(() -> ch.attach(null));
                w.stillUsable(ch);
            }),
            bad("attach: owner refuses", w -> {
                Channel ch = w.down("a");
                RecordingApp stubborn = new RecordingApp().refusingRelease();
                w.done(ch.attach(stubborn));
                w.rejected(Reason.OWNER_REFUSED, ch.attach(new RecordingApp()));
                assertEquals(stubborn.name(), ch.snapshot().ownerName(), "the owner did not change");
                w.stillUsable(ch);
            }),
            bad("attach: stale handle", w -> w.gone(NoSuchChannelException.Reason.DESTROYED,
                    w.destroyed("x").attach(new RecordingApp()))),
            bad("detach: no application owns it", w -> {
                Channel ch = w.down("a");
                w.rejected(Reason.WRONG_STATE, ch.detach());
                w.stillUsable(ch);
            }),
            bad("detach: stale handle", w -> w.gone(NoSuchChannelException.Reason.DESTROYED, w.destroyed("x").detach())),
            bad("addTap: null or hung up", w -> {
                Channel ch = w.down("a");
                invalid(() -> ch.addTap(null));
                w.gone(w.destroyed("x").addTap((c, d, f) -> f));
                w.done(ch.addTap((c, d, f) -> f)).cancel();
                w.sim.runUntilQuiescent();
                w.stillUsable(ch);
            }),
            bad("execute: null, throwing task or hung up", w -> {
                Channel ch = w.down("a");
                invalid(() -> ch.execute(null));
                IllegalStateException boom = new IllegalStateException("boom");
                assertEquals(boom, w.sim.awaitFailure(ch.execute(() -> {
                    throw boom;
                })));
                w.gone(w.destroyed("x").execute(() -> { }));
                assertEquals(ChannelState.DOWN, ch.state(), "a throwing task does not hang the channel up");
                w.stillUsable(ch);
            }),
            bad("schedule: bad delay, null task or hung up", w -> {
                Channel ch = w.down("a");
                invalid(() -> ch.schedule(null, () -> { }));
                invalid(() -> ch.schedule(Duration.ofMillis(-1), () -> { }));
                invalid(() -> ch.schedule(Duration.ofHours(25), () -> { }));
                invalid(() -> ch.schedule(Duration.ZERO, null));
                boolean[] ran = new boolean[1];
                w.destroyed("x").schedule(Duration.ZERO, () -> ran[0] = true);
                ch.schedule(Duration.ofMillis(1), () -> {
                    throw new IllegalStateException("ignored");
                });
                w.sim.runFor(Duration.ofMillis(10));
                assertFalse(ran[0], "not run on a destroyed channel");
                w.stillUsable(ch);
            }),
            bad("join on the owner thread", w -> {
                Channel ch = w.down("a");
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                w.done(ch.execute(() -> {
                    try {
                        ch.setVariable("X", "1").toCompletableFuture().join();
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                }));
                assertInstanceOf(BlockingOnOwnerThreadException.class, thrown.get());
                w.stillUsable(ch);
                assertEquals("1", ch.variable("X").orElseThrow(), "the command itself still ran");
            }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void channel(Case c, TestCores cores) {
        BadInputWorld.run(c, cores);
    }
}
