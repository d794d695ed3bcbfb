package org.strowger.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.badinput.BadInputWorld.bad;
import static org.strowger.badinput.BadInputWorld.invalid;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.strowger.api.Channel;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.TextFrame;
import org.strowger.badinput.BadInputWorld.Case;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.InboundCall;
import org.strowger.spi.TechContext;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/**
 * The SPI rows of the bad-input catalogue (docs/reliability.md): {@link ChannelSink} upcalls and
 * {@link TechContext}. A tech's upcalls come from the network, so late, duplicate and malformed ones are expected:
 * they are ignored (and the channel stays usable) or refused with a clear error.
 */
@ExtendWith(NoLeakExtension.class)
class ChannelSinkBadInputTest {

    static List<Case> cases() {
        return List.of(
            bad("sink: late and duplicate upcalls after hang-up", w -> {
                Channel ch = w.down("a");
                ChannelSink sink = w.fakeOf(ch).remote();
                assertSame(ch, sink.channel());
                assertFalse(sink.inExecutor());
                sink.hangup(HangupCause.NORMAL_CLEARING);
                sink.hangup(HangupCause.USER_BUSY);
                sink.ringing();
                sink.progress();
                sink.proceeding();
                sink.answered();
                sink.busy();
                sink.redirected("SIP/elsewhere");
                w.sim.runUntilQuiescent();
                assertFalse(sink.receive(new TextFrame("late")), "refused: returns false");
                assertFalse(sink.execute(() -> { }), "refused: returns false");
                assertEquals(HangupCause.NORMAL_CLEARING, ch.snapshot().hangupCause(), "only the first hang-up counts");
                assertEquals(1, w.fakeOf(ch).count("close"), "closed once");
                assertTrue(w.fakeOf(ch).count("hangup") <= 1, "told of the hang-up at most once");
                assertEquals(0, w.fakeOf(ch).count("answer") + w.fakeOf(ch).count("call"));
            }),
            bad("sink: answered on an inbound or not-yet-called channel", w -> {
                Channel in = w.ringing("in");
                w.fakeOf(in).remote().answered();
                w.fakeOf(in).remote().ringing();
                Channel out = w.down("out");
                w.fakeOf(out).remote().answered();
                w.sim.runUntilQuiescent();
                assertEquals(ChannelState.RING, in.state(), "ignored");
                w.stillUsable(in);
                w.stillUsable(out);
            }),
            bad("sink: null arguments", w -> {
                Channel ch = w.down("a");
                ChannelSink sink = w.fakeOf(ch).remote();
                invalid(() -> sink.redirected(null));
                invalid(() -> sink.hangup(null));
                invalid(() -> sink.receive(null));
                invalid(() -> sink.execute(null));
                w.stillUsable(ch);
            }),
            bad("sink: malformed redirect target", w -> {
                Channel ch = w.down("a");
                w.done(ch.call());
                w.fakeOf(ch).remote().redirected("not a\ndial string {");
                w.sim.runUntilQuiescent();
                assertEquals(HangupCause.REDIRECTED_TO_NEW_DESTINATION, ch.snapshot().hangupCause(),
                        "outside a dial the redirect just ends the call");
            }),
            bad("sink: task throws", w -> {
                Channel ch = w.down("a");
                assertTrue(w.fakeOf(ch).remote().execute(() -> {
                    throw new IllegalStateException("tech bug\nforged");
                }));
                w.sim.runUntilQuiescent();
                assertEquals(HangupCause.TECH_FAULT, ch.snapshot().hangupCause());
            }),
            bad("announceInbound: nulls, own id prefix, duplicate id", w -> {
                TechContext ctx = w.fake.context();
                invalid(() -> ctx.announceInbound(null, s -> null));
                invalid(() -> ctx.announceInbound(InboundCall.of("a", "1"), null));
                Channel generated = w.down("x");
                invalid(() -> ctx.announceInbound(new InboundCall("a", "1", null, null, generated.id()), s -> null));
                w.fake.inbound(new InboundCall("a", "1", null, null, ChannelId.of("chosen")));
                CommandRejectedException dup = assertThrows(CommandRejectedException.class,
                        () -> w.fake.inbound(new InboundCall("b", "1", null, null, ChannelId.of("chosen"))));
                assertEquals(CommandRejectedException.Reason.DUPLICATE_ID, dup.reason());
                w.sim.runUntilQuiescent();
                assertEquals(2, w.core.channelCount(), "the refused call left nothing behind");
                assertTrue(ctx.nanoTime() >= 0);
            }),
            bad("announceInbound: untrusted resource and destination", w -> {
                Channel ch = w.ringing("evil\n2026-01-01 INFO forged\u202e\u001b[2J");
                assertTrue(ch.name().startsWith("Fake/evil\\n2026-01-01 INFO forged\\u202e\\x1b[2J-"), ch.name());
                assertTrue(ch.name().chars().noneMatch(c -> Character.isISOControl(c) || c == '\u202e'));
                w.stillUsable(ch);
            }),
            bad("announceInbound: factory returns null or throws", w -> {
                TechContext ctx = w.fake.context();
                AtomicReference<ChannelSink> sink = new AtomicReference<>();
                sink.set(ctx.announceInbound(InboundCall.of("a", "1"), s -> null));
                ChannelSink thrown = ctx.announceInbound(InboundCall.of("b", "1"), s -> {
                    throw new IllegalStateException("factory\nbug");
                });
                w.sim.runUntilQuiescent();
                assertEquals(HangupCause.TECH_FAULT, sink.get().channel().snapshot().hangupCause());
                assertEquals(HangupCause.TECH_FAULT, thrown.channel().snapshot().hangupCause());
                assertEquals(0, w.core.channelCount());
            }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sink(Case c, TestCores cores) {
        BadInputWorld.run(c, cores);
    }
}
