package org.strowger.api.dial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.strowger.api.InvalidArgumentException;

/** Malformed dial strings: each is rejected with the exact position and reason, and the reason never echoes it. */
class DialStringErrorsTest {
    /** Every reason the parser gives; a fixed set, so no reason can carry any of the input. */
    static final Set<String> REASONS = Set.of(
            "longer than 8192 characters",
            "canonical form longer than 8192 characters",
            "expected a target",
            "global options must come first",
            "unexpected white space",
            "more than 64 targets",
            "tech name longer than 32 characters",
            "target has no '/'",
            "invalid character in tech name",
            "empty tech name",
            "white space must be percent-encoded",
            "control character in resource",
            "resource longer than 256 characters",
            "empty resource",
            "empty option list",
            "unclosed '['",
            "unclosed '{'",
            "invalid character in option key",
            "expected an option",
            "option has no '='",
            "empty option key",
            "duplicate option",
            "empty option value",
            "variable value longer than 4096 characters",
            "unpaired surrogate",
            "reserved character must be percent-encoded",
            "character must be percent-encoded",
            "invalid UTF-8 in percent escapes",
            "malformed percent escape",
            "empty variable name",
            "variable name longer than 80 characters",
            "duplicate variable",
            "unknown target option",
            "unknown global option",
            "malformed duration",
            "timeout must be 1 ms .. 24 h",
            "early_media must be ringback or first_progress",
            "malformed number",
            "max_forwards must be 0..20",
            "invalid channel id",
            "duplicate channel id");

    static Stream<Arguments> malformed() {
        List<Arguments> cases = new ArrayList<>(List.of(
                // structure
                bad("", 0, "expected a target"),
                bad(" \t ", 3, "expected a target"),
                bad("SIP/a|", 6, "expected a target"),
                bad("SIP/a | ", 8, "expected a target"),
                bad("|SIP/b", 0, "expected a target"),
                bad("SIP/a||SIP/b", 6, "expected a target"),
                bad("SIP/a&&SIP/b", 6, "expected a target"),
                bad("SIP/a&|SIP/b", 6, "expected a target"),
                bad("&SIP/a", 0, "expected a target"),
                bad("SIP/a&{timeout=1s}SIP/b", 6, "global options must come first"),
                bad("{timeout=1s}{max_forwards=1}SIP/a", 12, "global options must come first"),
                bad("{timeout=1s} SIP/a", 12, "unexpected white space"),
                bad("{timeout=1s}", 12, "expected a target"),
                // tech
                bad("SIP", 3, "target has no '/'"),
                bad("SIP&SIP/a", 3, "target has no '/'"),
                bad("SIP /a", 3, "target has no '/'"),
                bad("[timeout=1s]", 12, "target has no '/'"),
                bad("/a", 0, "empty tech name"),
                bad("[timeout=1s]/a", 12, "empty tech name"),
                bad("S-P/a", 1, "invalid character in tech name"),
                bad("SIP%2F/a", 3, "invalid character in tech name"),
                bad("[timeout=1s][id=x]SIP/a", 12, "invalid character in tech name"),
                bad("SÍP/a", 1, "invalid character in tech name"),
                bad("A".repeat(33) + "/a", 32, "tech name longer than 32 characters"),
                // resource
                bad("SIP/", 4, "empty resource"),
                bad("SIP/&SIP/b", 4, "empty resource"),
                bad("SIP/ ", 4, "empty resource"),
                bad("SIP/a b", 5, "white space must be percent-encoded"),
                bad("SIP/a\tb", 5, "white space must be percent-encoded"),
                bad("SIP/a  x&SIP/b", 5, "white space must be percent-encoded"),
                bad("SIP/a{x", 5, "reserved character must be percent-encoded"),
                bad("SIP/a}", 5, "reserved character must be percent-encoded"),
                bad("SIP/a[1]", 5, "reserved character must be percent-encoded"),
                bad("SIP/a]", 5, "reserved character must be percent-encoded"),
                bad("SIP/a,b", 5, "reserved character must be percent-encoded"),
                bad("SIP/a=b", 5, "reserved character must be percent-encoded"),
                bad("SIP/a\nb", 5, "character must be percent-encoded"),
                bad("SIP/a\u007f", 5, "character must be percent-encoded"),
                bad("SIP/a\u0085", 5, "character must be percent-encoded"),
                bad("SIP/a\u00a0", 5, "character must be percent-encoded"),
                bad("SIP/a\u200bb", 5, "character must be percent-encoded"),
                bad("SIP/a\u202eb", 5, "character must be percent-encoded"),
                bad("SIP/a\u2028b", 5, "character must be percent-encoded"),
                bad("SIP/\ue000", 4, "character must be percent-encoded"),
                bad("SIP/\ud800", 4, "unpaired surrogate"),
                bad("SIP/a\udc00b", 5, "unpaired surrogate"),
                bad("SIP/\udbff\ud800", 4, "unpaired surrogate"),
                bad("SIP/a%0A", 5, "control character in resource"),
                bad("SIP/a%00", 5, "control character in resource"),
                bad("SIP/a%7f", 5, "control character in resource"),
                bad("SIP/%C2%85", 4, "control character in resource"),
                bad("SIP/" + "a".repeat(257), 260, "resource longer than 256 characters"),
                bad("SIP/" + "%41".repeat(257), 4 + 3 * 256, "resource longer than 256 characters"),
                bad("SIP/" + "a".repeat(255) + "\ud83d\ude00", 259, "resource longer than 256 characters"),
                // percent escapes
                bad("SIP/a%", 5, "malformed percent escape"),
                bad("SIP/a%4", 5, "malformed percent escape"),
                bad("SIP/a%ZZ", 5, "malformed percent escape"),
                bad("SIP/a%4G", 5, "malformed percent escape"),
                bad("SIP/a%%41", 5, "malformed percent escape"),
                bad("SIP/a%\u0661\u0661", 5, "malformed percent escape"),
                bad("SIP/%E2%82", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/%E2%82x", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/%E2%8", 7, "malformed percent escape"),
                bad("SIP/%C3", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/%C3%28", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/%80", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/%BF", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/%C0%80", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/%C1%BF", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/%E0%9F%BF", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/%F0%8F%BF%BF", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/%ED%A0%80", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/%ED%BF%BF", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/%F4%90%80%80", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/%F5%80%80%80", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/%FF", 4, "invalid UTF-8 in percent escapes"),
                bad("SIP/x%F0%9F%98", 5, "invalid UTF-8 in percent escapes"),
                // option lists
                bad("{}SIP/a", 1, "empty option list"),
                bad("[]SIP/a", 1, "empty option list"),
                bad("{", 1, "unclosed '{'"),
                bad("{timeout=1s", 11, "unclosed '{'"),
                bad("{timeout=1s,", 12, "unclosed '{'"),
                bad("[timeout", 8, "unclosed '['"),
                bad("[timeout=1s|SIP/a", 11, "reserved character must be percent-encoded"),
                bad("[timeout=1s}SIP/a", 11, "reserved character must be percent-encoded"),
                bad("[id=a]b]SIP/a", 7, "invalid character in tech name"),
                bad("[var.X=a b]SIP/a", 8, "white space must be percent-encoded"),
                bad("[var.X=a=b]SIP/a", 8, "reserved character must be percent-encoded"),
                bad("[var.X=%G0]SIP/a", 7, "malformed percent escape"),
                bad("[time out=1s]SIP/a", 5, "invalid character in option key"),
                bad("[timeout%3D1s]SIP/a", 8, "invalid character in option key"),
                bad("[ timeout=1s]SIP/a", 1, "invalid character in option key"),
                bad("[timeout=1s, id=x]SIP/a", 12, "invalid character in option key"),
                bad("[timeout]SIP/a", 8, "option has no '='"),
                bad("[timeout=1s,id]SIP/a", 14, "option has no '='"),
                bad("[,]SIP/a", 1, "expected an option"),
                bad("[timeout=1s,]SIP/a", 12, "expected an option"),
                bad("[timeout=1s,,id=x]SIP/a", 12, "expected an option"),
                bad("[=1s]SIP/a", 1, "empty option key"),
                bad("[timeout=1s,timeout=2s]SIP/a", 12, "duplicate option"),
                bad("[var.X=1,var.X=1]SIP/a", 9, "duplicate option"),
                bad("[var.X=1,var._X=2]SIP/a", 9, "duplicate variable"),
                bad("{var.__X=1,var._X=2}SIP/a", 11, "duplicate variable"),
                bad("[timeout=]SIP/a", 9, "empty option value"),
                bad("[id=,timeout=1s]SIP/a", 4, "empty option value"),
                bad("{early_media=}SIP/a", 13, "empty option value"),
                // keys
                bad("[Timeout=1s]SIP/a", 1, "unknown target option"),
                bad("[early_media=ringback]SIP/a", 1, "unknown target option"),
                bad("[max_forwards=1]SIP/a", 1, "unknown target option"),
                bad("[variable.X=1]SIP/a", 1, "unknown target option"),
                bad("[var=1]SIP/a", 1, "unknown target option"),
                bad("{id=x}SIP/a", 1, "unknown global option"),
                bad("{foo=1}SIP/a", 1, "unknown global option"),
                bad("{VAR.x=1}SIP/a", 1, "unknown global option"),
                bad("[var.=1]SIP/a", 5, "empty variable name"),
                bad("[var._=1]SIP/a", 6, "empty variable name"),
                bad("[var.__=1]SIP/a", 7, "empty variable name"),
                bad("[var." + "x".repeat(81) + "=1]SIP/a", 85, "variable name longer than 80 characters"),
                bad("[var.__" + "x".repeat(81) + "=1]SIP/a", 87, "variable name longer than 80 characters"),
                bad("[var.X=" + "v".repeat(4097) + "]SIP/a", 7 + 4096, "variable value longer than 4096 characters"),
                // durations
                bad("[timeout=0]SIP/a", 9, "timeout must be 1 ms .. 24 h"),
                bad("[timeout=0ms]SIP/a", 9, "timeout must be 1 ms .. 24 h"),
                bad("[timeout=000h]SIP/a", 9, "timeout must be 1 ms .. 24 h"),
                bad("[timeout=25h]SIP/a", 9, "timeout must be 1 ms .. 24 h"),
                bad("[timeout=1441m]SIP/a", 9, "timeout must be 1 ms .. 24 h"),
                bad("[timeout=86401]SIP/a", 9, "timeout must be 1 ms .. 24 h"),
                bad("[timeout=86400001ms]SIP/a", 9, "timeout must be 1 ms .. 24 h"),
                bad("{timeout=99999999999999999999999999h}SIP/a", 9, "timeout must be 1 ms .. 24 h"),
                bad("{timeout=9223372036854775808ms}SIP/a", 9, "timeout must be 1 ms .. 24 h"),
                bad("[timeout=-1s]SIP/a", 9, "malformed duration"),
                bad("[timeout=+1s]SIP/a", 9, "malformed duration"),
                bad("[timeout=1d]SIP/a", 9, "malformed duration"),
                bad("[timeout=1.5s]SIP/a", 9, "malformed duration"),
                bad("[timeout=1S]SIP/a", 9, "malformed duration"),
                bad("[timeout=1sec]SIP/a", 9, "malformed duration"),
                bad("[timeout=s]SIP/a", 9, "malformed duration"),
                bad("[timeout=ms]SIP/a", 9, "malformed duration"),
                bad("[timeout=1s2]SIP/a", 9, "malformed duration"),
                bad("[timeout=\u0661s]SIP/a", 9, "malformed duration"),
                bad("[timeout=\uff11s]SIP/a", 9, "malformed duration"),
                bad("[timeout=1 s]SIP/a", 10, "white space must be percent-encoded"),
                bad("[timeout=1%20s]SIP/a", 9, "malformed duration"),
                // global options
                bad("{early_media=RINGBACK}SIP/a", 13, "early_media must be ringback or first_progress"),
                bad("{early_media=first}SIP/a", 13, "early_media must be ringback or first_progress"),
                bad("{max_forwards=21}SIP/a", 14, "max_forwards must be 0..20"),
                bad("{max_forwards=4294967296}SIP/a", 14, "max_forwards must be 0..20"),
                bad("{max_forwards=-1}SIP/a", 14, "malformed number"),
                bad("{max_forwards=1x}SIP/a", 14, "malformed number"),
                bad("{max_forwards=\u0663}SIP/a", 14, "malformed number"),
                // ids
                bad("[id=a%20b]SIP/a", 4, "invalid channel id"),
                bad("[id=caf\u00e9]SIP/a", 4, "invalid channel id"),
                bad("[id=" + "x".repeat(151) + "]SIP/a", 4, "invalid channel id"),
                bad("[id=x]SIP/a&[id=x]SIP/b", 16, "duplicate channel id"),
                bad("[id=x]SIP/a|[id=%78]SIP/b", 16, "duplicate channel id"),
                // limits
                bad("SIP/a".repeat(1) + "&SIP/a".repeat(64), 6 * 64, "more than 64 targets"),
                bad("SIP/a" + "|SIP/a".repeat(64), 6 * 64, "more than 64 targets"),
                bad("SIP/" + "a".repeat(DialString.MAX_LENGTH - 3), DialString.MAX_LENGTH,
                        "longer than 8192 characters"),
                bad(longerWhenCanonical(), DialString.MAX_LENGTH, "canonical form longer than 8192 characters")));
        return cases.stream();
    }

    /** 8192 characters whose canonical form is one longer: a timeout of "1" (seconds) is written "1s". */
    private static String longerWhenCanonical() {
        String head = "{timeout=1,var.A=" + "a".repeat(4096) + ",var.B=";
        String tail = "}SIP/x";
        String text = head + "b".repeat(DialString.MAX_LENGTH - head.length() - tail.length()) + tail;
        assertEquals(DialString.MAX_LENGTH, text.length());
        return text;
    }

    private static Arguments bad(String text, int position, String reason) {
        return Arguments.of(text, position, reason);
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void isRejectedWithPositionAndReason(String text, int position, String reason) {
        assertTrue(REASONS.contains(reason), "reason missing from REASONS: " + reason);
        DialStringException e = assertThrows(DialStringException.class, () -> DialString.parse(text));
        assertEquals(reason, e.reason());
        assertEquals(position, e.position(), "position for reason '" + reason + "'");
        assertEquals("malformed dial string at position " + position + ": " + reason, e.getMessage());
    }

    @Test
    void everyReasonIsCoveredByTheTable() {
        Set<Object> covered = new HashSet<>();
        malformed().forEach(a -> covered.add(a.get()[2]));
        Set<String> missing = new HashSet<>(REASONS);
        missing.removeAll(covered);
        assertEquals(Set.of(), missing);
    }

    @Test
    void nullIsAnInvalidArgumentNotAMalformedString() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> DialString.parse(null));
        assertFalse(e instanceof DialStringException);
    }

    @Test
    void theMessageNeverCarriesTheInput() {
        String secret = "SIP/secret\u001b[31m";
        DialStringException e = assertThrows(DialStringException.class, () -> DialString.parse(secret));
        assertFalse(e.getMessage().contains("secret"));
        assertFalse(e.getMessage().contains("\u001b"));
    }
}
