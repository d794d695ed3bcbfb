package org.strowger.api.dial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.strowger.api.ChannelId;

/** Well-formed dial strings: what each parses to, and its canonical form. */
class DialStringParseTest {

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                ok("SIP/alice", one(t("SIP", "alice")), "SIP/alice"),
                ok(" \tSIP/alice \t", one(t("SIP", "alice")), "SIP/alice"),
                ok("T_9/x", one(t("T_9", "x")), "T_9/x"),
                ok("Local/100@default/n", one(t("Local", "100@default/n")), "Local/100@default/n"),
                ok("SIP//a//", one(t("SIP", "/a//")), "SIP//a//"),
                ok("SIP/a&IAX2/b", one(t("SIP", "a"), t("IAX2", "b")), "SIP/a&IAX2/b"),
                ok("SIP/a | SIP/b\t&\tIAX2/c", seq(List.of(t("SIP", "a")), List.of(t("SIP", "b"), t("IAX2", "c"))),
                        "SIP/a|SIP/b&IAX2/c"),
                ok("SIP/a&SIP/a", one(t("SIP", "a"), t("SIP", "a")), "SIP/a&SIP/a"),
                // escapes: any character may be escaped (either case); the canonical form escapes only what it must
                ok("SIP/%e2%82%AC", one(t("SIP", "€")), "SIP/€"),
                ok("SIP/caf%C3%A9%20bar", one(t("SIP", "café bar")), "SIP/café%20bar"),
                ok("SIP/%F0%9F%98%80", one(t("SIP", "😀")), "SIP/😀"),
                ok("SIP/😀é中", one(t("SIP", "😀é中")), "SIP/😀é中"),
                ok("SIP/%41%62", one(t("SIP", "Ab")), "SIP/Ab"),
                ok("SIP/100%25", one(t("SIP", "100%")), "SIP/100%25"),
                ok("SIP/%26%7c%5B%5D%7B%7D%2C%3D%20", one(t("SIP", "&|[]{},= ")), "SIP/%26%7C%5B%5D%7B%7D%2C%3D%20"),
                ok("SIP/a%E2%80%AEb", one(t("SIP", "a\u202eb")), "SIP/a%E2%80%AEb"),
                ok("SIP/%C2%A0", one(t("SIP", "\u00a0")), "SIP/%C2%A0"),
                ok("SIP/%EE%80%80", one(t("SIP", "\ue000")), "SIP/%EE%80%80"),
                ok("SIP/e%CC%81", one(t("SIP", "e\u0301")), "SIP/e\u0301"),
                ok("SIP/" + "x".repeat(256), one(t("SIP", "x".repeat(256))), "SIP/" + "x".repeat(256)),
                // global options
                ok("{timeout=30}SIP/a", one(t("SIP", "a")).withTimeout(Duration.ofSeconds(30)), "{timeout=30s}SIP/a"),
                ok("  {timeout=1500ms}SIP/a", one(t("SIP", "a")).withTimeout(Duration.ofMillis(1500)),
                        "{timeout=1500ms}SIP/a"),
                ok("{timeout=%32h}SIP/a", one(t("SIP", "a")).withTimeout(Duration.ofHours(2)), "{timeout=2h}SIP/a"),
                ok("{var.__B=2,max_forwards=0,var.A=1,early_media=first_progress,timeout=120s}SIP/a",
                        one(t("SIP", "a")).withTimeout(Duration.ofMinutes(2))
                                .withEarlyMedia(EarlyMediaPolicy.FIRST_PROGRESS).withMaxForwards(0)
                                .withVariables(Map.of("A", "1", "__B", "2")),
                        "{timeout=2m,early_media=first_progress,max_forwards=0,var.A=1,var.__B=2}SIP/a"),
                ok("{max_forwards=03,early_media=ringback}SIP/a", one(t("SIP", "a")), "SIP/a"),
                ok("{max_forwards=20}SIP/a", one(t("SIP", "a")).withMaxForwards(20), "{max_forwards=20}SIP/a"),
                ok("{var.x=}SIP/a", one(t("SIP", "a")).withVariables(Map.of("x", "")), "{var.x=}SIP/a"),
                ok("{var.a.b-c_d=%00%0a%C3%BF}SIP/a",
                        one(t("SIP", "a")).withVariables(Map.of("a.b-c_d", "\0\nÿ")), "{var.a.b-c_d=%00%0Aÿ}SIP/a"),
                ok("{var.X=1}[var.X=2]SIP/a", one(t("SIP", "a").withVariables(Map.of("X", "2")))
                        .withVariables(Map.of("X", "1")), "{var.X=1}[var.X=2]SIP/a"),
                // target options
                ok("[timeout=86400000ms]SIP/a", one(t("SIP", "a").withTimeout(Duration.ofHours(24))),
                        "[timeout=24h]SIP/a"),
                ok("[timeout=1ms]SIP/a", one(t("SIP", "a").withTimeout(Duration.ofMillis(1))), "[timeout=1ms]SIP/a"),
                ok("[timeout=0090s]SIP/a", one(t("SIP", "a").withTimeout(Duration.ofSeconds(90))),
                        "[timeout=90s]SIP/a"),
                ok("[var._V=%20,id=leg-1,timeout=3600]SIP/a",
                        one(t("SIP", "a").withTimeout(Duration.ofHours(1)).withId(ChannelId.of("leg-1"))
                                .withVariables(Map.of("_V", " "))),
                        "[timeout=1h,id=leg-1,var._V=%20]SIP/a"),
                ok("[id=a%26b%2cc%25]SIP/x", one(t("SIP", "x").withId(ChannelId.of("a&b,c%"))),
                        "[id=a%26b%2Cc%25]SIP/x"),
                ok("{timeout=45s}[id=a]SIP/a & [id=b]SIP/b | [timeout=10s]Local/c@ctx",
                        seq(List.of(t("SIP", "a").withId(ChannelId.of("a")), t("SIP", "b").withId(ChannelId.of("b"))),
                                List.of(t("Local", "c@ctx").withTimeout(Duration.ofSeconds(10))))
                                .withTimeout(Duration.ofSeconds(45)),
                        "{timeout=45s}[id=a]SIP/a&[id=b]SIP/b|[timeout=10s]Local/c@ctx"),
                // limits
                ok("SIP/a" + "&SIP/a".repeat(63), sixtyFour(), "SIP/a" + "&SIP/a".repeat(63)));
    }

    private static DialString sixtyFour() {
        DialTarget[] all = new DialTarget[DialString.MAX_TARGETS];
        Arrays.fill(all, t("SIP", "a"));
        return DialString.of(all);
    }

    private static Arguments ok(String text, DialString expected, String canonical) {
        return Arguments.of(text, expected, canonical);
    }

    private static DialTarget t(String tech, String resource) {
        return DialTarget.of(tech, resource);
    }

    private static DialString one(DialTarget... targets) {
        return DialString.of(targets);
    }

    private static DialString seq(List<DialTarget> first, List<DialTarget> second) {
        return new DialString(List.of(new DialGroup(first), new DialGroup(second)), null, null,
                DialString.DEFAULT_MAX_FORWARDS, null);
    }

    @ParameterizedTest
    @MethodSource("wellFormed")
    void parsesToTheExpectedValueAndFormatsCanonically(String text, DialString expected, String canonical) {
        DialString parsed = DialString.parse(text);
        assertEquals(expected, parsed);
        assertEquals(canonical, parsed.format());
        assertEquals(canonical, parsed.toString());
        assertEquals(expected, DialString.parse(canonical));
    }

    @Test
    void theLongestAcceptedTextParses() {
        String text = "SIP/" + "a".repeat(256) + ("&SIP/" + "a".repeat(256)).repeat(30);
        text = text + "&SIP/" + "b".repeat(DialString.MAX_LENGTH - text.length() - 5);
        assertEquals(DialString.MAX_LENGTH, text.length());
        assertEquals(text, DialString.parse(text).format());
    }
}
