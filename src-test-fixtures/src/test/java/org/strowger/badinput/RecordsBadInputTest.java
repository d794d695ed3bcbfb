package org.strowger.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.strowger.badinput.BadInputWorld.bad;
import static org.strowger.badinput.BadInputWorld.invalid;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.strowger.api.AfterBridge;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.ChannelId;
import org.strowger.api.CreationRate;
import org.strowger.api.EndpointUsage;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.Party;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.dial.DialGroup;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialStringException;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.frame.ComfortNoiseFrame;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.DtmfBegin;
import org.strowger.api.frame.DtmfDigit;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.TextFrame;
import org.strowger.api.frame.VideoFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.badinput.BadInputWorld.Case;
import org.strowger.spi.InboundCall;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/**
 * The value-type rows of the bad-input catalogue (docs/reliability.md): records and frames whose constructors
 * validate. Each refuses bad input with {@link org.strowger.api.InvalidArgumentException} at construction, so a bad
 * value never reaches the core.
 */
@ExtendWith(NoLeakExtension.class)
class RecordsBadInputTest {

    static List<Case> cases() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("A", null);
        return List.of(
            bad("ids: null, empty, long, non-ASCII, space", w -> {
                for (String s : new String[] {null, "", "x".repeat(151), "é", "a b", "a\nb"}) {
                    invalid(() -> ChannelId.of(s));
                    invalid(() -> new ChannelId(s));
                    invalid(() -> BridgeId.of(s));
                    invalid(() -> new BridgeId(s));
                }
                assertEquals("x".repeat(150), ChannelId.of("x".repeat(150)).value());
            }),
            bad("party: null or long", w -> {
                invalid(() -> Party.of(null, ""));
                invalid(() -> new Party("", null));
                invalid(() -> Party.of("x".repeat(Party.MAX_LENGTH + 1), ""));
                assertEquals("a\nb", Party.of("a\nb", "").name(), "any text: stored as given, escaped when logged");
            }),
            bad("outbound request: bad tech, resource, variables, endpoint", w -> {
                invalid(() -> OutboundRequest.of(null, "a"));
                invalid(() -> OutboundRequest.of("", "a"));
                invalid(() -> OutboundRequest.of("Fake", null));
                invalid(() -> OutboundRequest.of("Fake", ""));
                invalid(() -> OutboundRequest.of("Fake", "x".repeat(257)));
                invalid(() -> OutboundRequest.of("Fake", "a\nb"));
                invalid(() -> new OutboundRequest("Fake", "a", null, null, null, nullValue));
                invalid(() -> new OutboundRequest("Fake", "a", null, null, null, null, ""));
                invalid(() -> OutboundRequest.of("Fake", "a").withVariables(nullValue));
                invalid(() -> OutboundRequest.of("Fake", "a").withEndpoint("a\u0000"));
                invalid(() -> OutboundRequest.of("Fake", "a").withCaller(new Party(null, "")));
                assertEquals(Party.UNKNOWN, OutboundRequest.of("Fake", "a").withCaller(null).caller());
                assertEquals(null, OutboundRequest.of("Fake", "a").withId(null).withRequester(null).id());
            }),
            bad("inbound call: bad resource, destination, variables, endpoint", w -> {
                invalid(() -> InboundCall.of(null, "1"));
                invalid(() -> InboundCall.of("", "1"));
                invalid(() -> InboundCall.of("x".repeat(257), "1"));
                invalid(() -> InboundCall.of("a", null));
                invalid(() -> InboundCall.of("a", "x".repeat(257)));
                invalid(() -> new InboundCall("a", "1", null, nullValue, null));
                invalid(() -> new InboundCall("a", "1", null, null, null, "a\nb"));
                invalid(() -> InboundCall.of("a", "1").withEndpoint(""));
            }),
            bad("endpoint usage and creation rate: out of range", w -> {
                invalid(() -> new EndpointUsage("", 1, 0));
                invalid(() -> new EndpointUsage("e", -1, 0));
                invalid(() -> EndpointUsage.checkEndpoint("x".repeat(EndpointUsage.MAX_ENDPOINT_LENGTH + 1)));
                invalid(() -> new CreationRate(0, 1));
                invalid(() -> new CreationRate(Double.NaN, 1));
                invalid(() -> new CreationRate(1, 0));
            }),
            bad("bridge and join options: nulls", w -> {
                invalid(() -> new JoinOptions(null));
                invalid(() -> new BridgeOptions(null, null, BridgeOptions.Dissolve.WHEN_EMPTY));
                invalid(() -> new BridgeOptions(null, BridgeOptions.Kind.CALL, null));
                invalid(() -> BridgeOptions.call().withId(BridgeId.of("a b")));
                assertEquals(AfterBridge.HANG_UP, JoinOptions.HANG_UP_AFTER.afterBridge());
                assertEquals(null, BridgeOptions.conference().withId(null).id());
                assertEquals(BridgeOptions.Kind.HOLDING, BridgeOptions.holding().kind());
            }),
            bad("frames: null, out of range, wrong kind", w -> {
                invalid(() -> new VoiceFrame(null, new byte[1], 1, 0));
                invalid(() -> new VoiceFrame(MediaFormat.ULAW, null, 1, 0));
                invalid(() -> new VoiceFrame(MediaFormat.ULAW, new byte[1], 0, 0));
                invalid(() -> new VoiceFrame(MediaFormat.H264, new byte[1], 1, 0));
                invalid(() -> new VoiceFrame(MediaFormat.ULAW, new byte[MediaFrame.MAX_PAYLOAD + 1], 1, 0));
                invalid(() -> new VideoFrame(MediaFormat.ULAW, new byte[1], 0, true));
                invalid(() -> new DtmfBegin('x'));
                invalid(() -> new DtmfEnd('1', null));
                invalid(() -> new DtmfEnd('1', Duration.ofSeconds(61)));
                invalid(() -> new DtmfEnd('e', Duration.ZERO));
                invalid(() -> DtmfDigit.check(' '));
                invalid(() -> new TextFrame(null));
                invalid(() -> new TextFrame("x".repeat(TextFrame.MAX_LENGTH + 1)));
                invalid(() -> ControlFrame.of(null));
                invalid(() -> ControlFrame.of(Control.CONNECTED_LINE));
                invalid(() -> ControlFrame.connectedLine(null));
                invalid(() -> new ControlFrame(Control.HOLD, Party.UNKNOWN));
                invalid(() -> new ComfortNoiseFrame(-1));
                invalid(() -> new ComfortNoiseFrame(128));
                invalid(() -> new MediaFormat("a b", MediaFormat.Kind.AUDIO, 8000, 1));
                invalid(() -> new MediaFormat("PCMU", MediaFormat.Kind.AUDIO, 0, 1));
                invalid(() -> new MediaFormat("PCMU", null, 8000, 1));
                invalid(() -> new MediaFormat("PCMU", MediaFormat.Kind.AUDIO, 8000, 0));
                assertEquals('B', new DtmfBegin('b').digit());
            }),
            bad("dial string: malformed text never echoed", w -> {
                DialStringException e = (DialStringException) invalid(() -> DialString.parse("SIP/a&{secret\n"));
                assertEquals(false, e.getMessage().contains("secret"));
                invalid(() -> DialString.parse(null));
                invalid(() -> DialString.of());
                invalid(() -> DialString.of((DialTarget) null));
                invalid(() -> DialString.of(DialTarget.of("Fake", "a")).withVariables(Map.of("bad name", "x")));
                invalid(() -> new DialGroup(List.of()));
                invalid(() -> DialGroup.of((DialTarget) null));
                invalid(() -> DialTarget.of("Fake", "\ud800"));
                invalid(() -> DialTarget.of("Fake", "a").withId(ChannelId.of("x")).withTimeout(Duration.ofNanos(1)));
                invalid(() -> DialRequest.of(DialString.of(DialTarget.of("Fake", "a"))).withCallerId(null)
                        .withOnAnswer(null).withVariables(nullValue));
            }),
            bad("event filter and subscribe options: nulls and ranges", w -> {
                invalid(() -> new EventFilter(null, Set.of(), Set.of()));
                invalid(() -> EventFilter.all().withChannels());
                invalid(() -> EventFilter.all().withChannels((ChannelId) null));
                invalid(() -> EventFilter.all().withLinkedIds());
                invalid(() -> EventFilter.all().withKinds((EventKind) null));
                invalid(() -> EventFilter.all().withTypes());
                invalid(() -> SubscribeOptions.defaults().withName(""));
                invalid(() -> SubscribeOptions.defaults().withName("x".repeat(65)));
                invalid(() -> SubscribeOptions.defaults().withQueueCapacity(0));
                invalid(() -> new SubscribeOptions(null, 1, null));
                invalid(() -> CallRecordSinkOptions.defaults().withName(""));
                invalid(() -> CallRecordSinkOptions.defaults().withQueueCapacity(-1));
                invalid(() -> new CallRecordSinkOptions(null, 1, null, null));
                assertEquals(null, CallRecordSinkOptions.defaults().withFallback(null).onPool().onDedicatedThread()
                        .fallback());
            }),
            bad("event filter: test and accepts with null", w -> {
                EventFilter f = EventFilter.all().withChannels(ChannelId.of("a")).withKinds(EventKind.CHANNEL_CREATED);
                invalid(() -> f.test(null));
                assertEquals(false, f.accepts(EventKind.CHANNEL_CREATED, null, null), "no channel: not that channel");
                assertEquals(false, f.accepts(null, ChannelId.of("a"), null));
                assertEquals(false, f.accepts(null));
                assertEquals(true, EventFilter.all().accepts(null, null, null), "no restriction: passes");
                assertEquals(true, f.accepts(EventKind.CHANNEL_CREATED, ChannelId.of("a"), ChannelId.of("x")));
            }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void record(Case c, TestCores cores) {
        BadInputWorld.run(c, cores);
    }
}
