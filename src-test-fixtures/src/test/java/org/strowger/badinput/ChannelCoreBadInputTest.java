package org.strowger.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.badinput.BadInputWorld.bad;
import static org.strowger.badinput.BadInputWorld.invalid;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.CommandRejectedException.Reason;
import org.strowger.api.HangupCause;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.StrowgerException;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.badinput.BadInputWorld.Case;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.spi.TechContext;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/** The {@link ChannelCore} rows of the bad-input catalogue (docs/reliability.md), one case per row. */
@ExtendWith(NoLeakExtension.class)
class ChannelCoreBadInputTest {

    static List<Case> cases() {
        return List.of(
            bad("lookups: null", w -> {
                invalid(() -> w.core.channel(null));
                invalid(() -> w.core.channelByName(null));
                invalid(() -> w.core.requireChannel(null));
                invalid(() -> w.core.bridge(null));
                invalid(() -> w.core.channelCount(null));
            }),
            bad("lookups: unknown or destroyed", w -> {
                Channel gone = w.destroyed("gone");
                assertTrue(w.core.channel(gone.id()).isEmpty());
                assertTrue(w.core.channel(ChannelId.of("never")).isEmpty());
                assertTrue(w.core.channelByName(gone.name()).isEmpty());
                assertTrue(w.core.channelByName("no such\nname").isEmpty());
                NoSuchChannelException e = assertThrows(NoSuchChannelException.class,
                        () -> w.core.requireChannel(gone.id()));
                assertEquals(NoSuchChannelException.Reason.UNKNOWN, e.reason());
                assertEquals(gone.id(), e.channelId());
                assertTrue(w.core.bridge(w.destroyedBridge().id()).isEmpty());
                assertTrue(w.core.bridge(BridgeId.of("never")).isEmpty());
                assertEquals(0, w.core.channelCount("NoSuchTech"));
                assertEquals(0, w.core.channelCount("bad name\n"));
                assertEquals(List.of(), w.core.channels());
                assertEquals(List.of(), w.core.bridges());
                assertEquals(0, w.core.channelCount());
                assertEquals(0, w.core.bridgeCount());
            }),
            bad("request: null, unknown tech, duplicate id, bad variable", w -> {
                invalid(() -> w.core.request(null));
                CommandRejectedException unknown = assertThrows(CommandRejectedException.class,
                        () -> w.core.request(OutboundRequest.of("No\nSuch", "x")));
                assertEquals(Reason.UNKNOWN_TECH, unknown.reason());
                assertFalse(unknown.getMessage().contains("\n"), "the tech name is escaped");
                Channel held = w.core.request(OutboundRequest.of("Fake", "a").withId(ChannelId.of("held")));
                CommandRejectedException dup = assertThrows(CommandRejectedException.class,
                        () -> w.core.request(OutboundRequest.of("Fake", "b").withId(ChannelId.of("held"))));
                assertEquals(Reason.DUPLICATE_ID, dup.reason());
                invalid(() -> w.core.request(OutboundRequest.of("Fake", "c").withVariables(Map.of("bad name", "v"))));
                assertEquals(1, w.core.channelCount(), "nothing was left behind");
                assertEquals(1, w.core.stats().channelsCreated());
                w.stillUsable(held);
            }),
            bad("request: generated-looking id", w -> {
                Channel ch = w.down("a");
                invalid(() -> w.core.request(OutboundRequest.of("Fake", "b").withId(ch.id())));
                assertEquals(1, w.core.channelCount());
            }),
            bad("dial: null request", w -> {
                invalid(() -> w.core.dial(null));
                assertEquals(0, w.core.channelCount());
            }),
            bad("registerTech: null, malformed or taken name, start throws", w -> {
                invalid(() -> w.core.registerTech(null));
                invalid(() -> w.core.registerTech(new FakeTech("bad name")));
                invalid(() -> w.core.registerTech(new FakeTech("")));
                invalid(() -> w.core.registerTech(new FakeTech("x".repeat(33))));
                invalid(() -> w.core.registerTech(new FakeTech("Fake")));
                StrowgerException e = assertThrows(StrowgerException.class, () -> w.core.registerTech(new Failing()));
                assertInstanceOf(IllegalStateException.class, e.getCause());
                assertEquals(List.of("Fake", "Local"), w.core.techNames().stream().sorted().toList(), "nothing was registered");
                w.stillUsable(w.down("a"));
            }),
            bad("registerServiceLoaderTechs: twice", w -> {
                List<String> first = w.core.registerServiceLoaderTechs();
                assertFalse(first.isEmpty(), "the test classpath declares a tech");
                invalid(w.core::registerServiceLoaderTechs);
                assertTrue(w.core.techNames().containsAll(first), "the first registrations stay");
                for (String name : first) {
                    w.done(w.core.unregisterTech(name));
                }
            }),
            bad("unregisterTech: null or unknown", w -> {
                invalid(() -> w.core.unregisterTech(null));
                invalid(() -> w.core.unregisterTech("NoSuch"));
                invalid(() -> w.core.unregisterTech("bad\nname"));
                assertEquals(List.of("Fake", "Local"), w.core.techNames().stream().sorted().toList());
            }),
            bad("createBridge: null options or duplicate id", w -> {
                invalid(() -> w.core.createBridge(null));
                Bridge b = w.core.createBridge(BridgeOptions.call().withId(BridgeId.of("b1")));
                CommandRejectedException dup = assertThrows(CommandRejectedException.class,
                        () -> w.core.createBridge(BridgeOptions.call().withId(BridgeId.of("b1"))));
                assertEquals(Reason.DUPLICATE_ID, dup.reason());
                assertEquals(1, w.core.bridgeCount());
                w.done(b.destroy());
            }),
            bad("blindTransfer: null, foreign, not bridged, hung up", w -> {
                Channel a = w.up("a");
                invalid(() -> w.core.blindTransfer(null, OutboundRequest.of("Fake", "t")));
                invalid(() -> w.core.blindTransfer(a, null));
                invalid(() -> w.core.blindTransfer(new Foreign(a), OutboundRequest.of("Fake", "t")));
                w.rejected(Reason.WRONG_STATE, w.core.blindTransfer(a, OutboundRequest.of("Fake", "t")));
                w.sim.runUntilQuiescent();
                assertEquals(1, w.core.channelCount(), "no target was left behind");
                Channel b = w.up("b");
                Channel c = w.up("c");
                Bridge br = w.bridged(b, c);
                assertEquals(Reason.UNKNOWN_TECH, assertThrows(CommandRejectedException.class,
                        () -> w.core.blindTransfer(b, OutboundRequest.of("NoSuch", "t"))).reason());
                assertEquals(List.of(b.id(), c.id()), br.snapshot().members(), "the bridge is unchanged");
                assertEquals(3, w.core.channelCount(), "no target was left behind");
                w.stillUsable(a);
                w.stillUsable(b);
            }),
            bad("attendedTransfer: null, not bridged", w -> {
                Channel a = w.up("a");
                invalid(() -> w.core.attendedTransfer(null, OutboundRequest.of("Fake", "t")));
                invalid(() -> w.core.attendedTransfer(a, null));
                w.rejected(Reason.WRONG_STATE, w.core.attendedTransfer(a, OutboundRequest.of("Fake", "t")));
                w.sim.runUntilQuiescent();
                assertEquals(1, w.core.channelCount(), "no target was left behind");
                assertEquals(0, w.core.bridgeCount(), "no consultation bridge was left behind");
                w.stillUsable(a);
            }),
            bad("sendTo: null, foreign, unknown tech, hung-up party, refused by its application", w -> {
                Channel a = w.up("a");
                invalid(() -> w.core.sendTo(null, OutboundRequest.of("Fake", "t")));
                invalid(() -> w.core.sendTo(a, null));
                invalid(() -> w.core.sendTo(new Foreign(a), OutboundRequest.of("Fake", "t")));
                assertEquals(Reason.UNKNOWN_TECH, assertThrows(CommandRejectedException.class,
                        () -> w.core.sendTo(a, OutboundRequest.of("NoSuch", "t"))).reason());
                w.done(a.attach(new org.strowger.testkit.RecordingApp().refusingRelease()));
                w.rejected(Reason.OWNER_REFUSED, w.core.sendTo(a, OutboundRequest.of("Fake", "t")));
                w.gone(w.core.sendTo(w.destroyed("x"), OutboundRequest.of("Fake", "t")));
                w.sim.runUntilQuiescent();
                assertEquals(1, w.core.channelCount(), "no target was left behind");
                assertEquals(0, w.core.bridgeCount(), "no bridge was left behind");
                w.stillUsable(a);
            }),
            bad("pickup: null, itself, not ringing", w -> {
                Channel a = w.ringing("a");
                Channel b = w.up("b");
                invalid(() -> w.core.pickup(null, a));
                invalid(() -> w.core.pickup(a, null));
                invalid(() -> w.core.pickup(a, a));
                w.rejected(Reason.WRONG_STATE, w.core.pickup(a, b));
                w.stillUsable(a);
                w.stillUsable(b);
            }),
            bad("usage limits: malformed endpoint or negative max", w -> {
                invalid(() -> w.core.setUsageLimit(null, 1));
                invalid(() -> w.core.setUsageLimit("a\nb", 1));
                invalid(() -> w.core.setUsageLimit("Fake/a", -1));
                invalid(() -> w.core.removeUsageLimit(""));
                invalid(() -> w.core.usage(null));
                assertFalse(w.core.removeUsageLimit("Fake/none"));
                assertEquals(List.of(), w.core.usageLimits());
            }),
            bad("creation rate: null", w -> {
                invalid(() -> w.core.setCreationRate(null));
                w.core.removeCreationRate(); // none set: a no-op
                assertTrue(w.core.creationRate().isEmpty());
            }),
            bad("views: untrusted text in the tables", w -> {
                Channel ch = w.core.request(OutboundRequest.of("Fake", "evil\u2028\u202ename"));
                w.done(ch.setVariable("X", "1"));
                String table = w.core.channelTable();
                assertTrue(table.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f)), table);
                assertEquals(3, table.lines().count(), "header, one row and the total: " + table);
                assertTrue(ch.name().startsWith("Fake/evil\\u2028\\u202ename-"), "the name is escaped: " + ch.name());
                assertTrue(w.core.bridgeTable().chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f)));
                assertEquals(1, w.core.metrics().stats().channelsLive());
                assertEquals(1, w.core.stats().channelsLive());
            }),
            bad("subscribe: nulls", w -> {
                invalid(() -> w.core.subscribe(null, e -> { }));
                invalid(() -> w.core.subscribe(EventFilter.all(), null));
                invalid(() -> w.core.subscribe(EventFilter.all(), e -> { }, null));
                try (Subscription s = w.core.subscribe(EventFilter.all(), e -> { },
                        SubscribeOptions.defaults().onPool())) {
                    assertTrue(s.isOpen());
                }
            }),
            bad("after shutdown", w -> {
                Channel ch = w.down("a");
                w.done(w.core.shutdown());
                w.done(w.core.shutdown()); // idempotent
                CommandRejectedException r = assertThrows(CommandRejectedException.class,
                        () -> w.core.request(OutboundRequest.of("Fake", "b")));
                assertEquals(Reason.SHUTTING_DOWN, r.reason());
                assertEquals(Reason.SHUTTING_DOWN, assertThrows(CommandRejectedException.class,
                        () -> w.core.createBridge(BridgeOptions.call())).reason());
                assertEquals(Reason.SHUTTING_DOWN, assertThrows(CommandRejectedException.class,
                        () -> w.core.registerTech(new FakeTech("Other"))).reason());
                assertEquals(Reason.SHUTTING_DOWN, assertThrows(CommandRejectedException.class,
                        () -> w.core.subscribe(EventFilter.all(), e -> { })).reason());
                assertEquals(HangupCause.SYSTEM_SHUTDOWN, ch.snapshot().hangupCause());
                w.gone(NoSuchChannelException.Reason.DESTROYED, ch.setVariable("X", "1"));
            }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void core(Case c, TestCores cores) {
        BadInputWorld.run(c, cores);
    }

    /** A tech whose start throws. */
    private static final class Failing implements ChannelTech {
        @Override
        public String name() {
            return "Failing";
        }

        @Override
        public void start(TechContext context) {
            throw new IllegalStateException("cannot start\n forged line");
        }

        @Override
        public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
            throw new AssertionError("never called");
        }
    }

    /** A handle that is not the core's. */
    record Foreign(Channel delegate) implements Channel {
        @Override public ChannelId id() { return delegate.id(); }
        @Override public String name() { return delegate.name(); }
        @Override public String techName() { return delegate.techName(); }
        @Override public org.strowger.api.Direction direction() { return delegate.direction(); }
        @Override public ChannelId linkedId() { return delegate.linkedId(); }
        @Override public org.strowger.api.ChannelSnapshot snapshot() { return delegate.snapshot(); }
        @Override public boolean inExecutor() { return false; }
        @Override public org.strowger.api.ChannelCore core() { return delegate.core(); }
        @Override public java.util.concurrent.CompletionStage<Void> call() { return delegate.call(); }
        @Override public java.util.concurrent.CompletionStage<Void> answer() { return delegate.answer(); }
        @Override public java.util.concurrent.CompletionStage<Void> hangup(HangupCause c) { return delegate.hangup(c); }
        @Override public java.util.concurrent.CompletionStage<Void> indicate(org.strowger.api.frame.Control c) { return delegate.indicate(c); }
        @Override public java.util.concurrent.CompletionStage<Void> updateConnectedLine(org.strowger.api.Party p) { return delegate.updateConnectedLine(p); }
        @Override public java.util.concurrent.CompletionStage<Void> sendDtmf(char d, java.time.Duration t) { return delegate.sendDtmf(d, t); }
        @Override public java.util.concurrent.CompletionStage<Void> sendText(String t) { return delegate.sendText(t); }
        @Override public boolean write(org.strowger.api.frame.Frame f) { return delegate.write(f); }
        @Override public long mediaFramesDropped() { return 0; }
        @Override public java.util.concurrent.CompletionStage<Void> setVariable(String n, String v) { return delegate.setVariable(n, v); }
        @Override public java.util.concurrent.CompletionStage<Void> setAbsoluteTimeout(java.time.Duration t) { return delegate.setAbsoluteTimeout(t); }
        @Override public java.util.concurrent.CompletionStage<Void> attach(org.strowger.api.Application a) { return delegate.attach(a); }
        @Override public java.util.concurrent.CompletionStage<Void> detach() { return delegate.detach(); }
        @Override public java.util.concurrent.CompletionStage<org.strowger.api.Cancellable> addTap(org.strowger.api.FrameTap t) { return delegate.addTap(t); }
        @Override public java.util.concurrent.CompletionStage<Void> execute(Runnable r) { return delegate.execute(r); }
        @Override public org.strowger.api.Cancellable schedule(java.time.Duration d, Runnable r) { return delegate.schedule(d, r); }
        @Override public org.strowger.api.media.Playback play(org.strowger.api.media.MediaSource s) { return delegate.play(s); }
        @Override public org.strowger.api.media.Recording record(org.strowger.api.media.RecordOptions o) { return delegate.record(o); }
        @Override public java.util.concurrent.CompletionStage<org.strowger.api.media.CollectedDigits> collectDigits(
                org.strowger.api.media.DigitCollection c) { return delegate.collectDigits(c); }
        @Override public java.util.concurrent.CompletionStage<Void> detectInbandDtmf(boolean on) { return delegate.detectInbandDtmf(on); }
    }
}
