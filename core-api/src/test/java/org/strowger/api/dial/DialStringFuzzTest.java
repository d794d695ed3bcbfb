package org.strowger.api.dial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.strowger.api.ChannelId;
import org.strowger.api.InvalidArgumentException;

/**
 * Two fuzz tests. {@link #parse}: arbitrary text fed to {@link DialString#parse} returns a dial string or throws
 * {@link DialStringException} with a position inside the text and one of the known reasons (anything else is a
 * bug), and a parsed value round-trips. {@link #format}: arbitrary records (any characters in resources, values and
 * ids) that the constructors accept format to text that parses back to an equal value.
 *
 * <p>A plain test run replays the inputs saved under
 * src/test/resources/org/strowger/api/dial/DialStringFuzzTestInputs/METHOD (Jazzer's regression mode). To fuzz one
 * of them (docs/dialing.md):
 * {@code JAZZER_FUZZ=1 mvn -B -o test -pl core-api -Dtest='DialStringFuzzTest#parse' -Djazzer.max_duration=5m}.
 */
class DialStringFuzzTest {

    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({"{", "}", "[", "]", "&", "|", ",", "=", "/", "%", " ", "\t", "timeout=", "early_media=",
        "max_forwards=", "id=", "var.", "var._", "var.__", "ringback", "first_progress", "ms", "24h", "%25", "%C3%A9",
        "%F0%9F%98%80", "%E2%80%AE", "%ED%A0%80", "%C0%80", "SIP/", "Local/", "@", "😀"})
    void parse(FuzzedDataProvider data) {
        check(data.consumeRemainingAsString());
    }

    @FuzzTest(maxDuration = "5m")
    void format(FuzzedDataProvider data) {
        DialString d;
        try {
            d = dialString(data);
        } catch (InvalidArgumentException invalid) {
            return; // the records rejected it: nothing to format
        }
        String text = d.format();
        assertTrue(text.length() <= DialString.MAX_LENGTH);
        DialString parsed = DialString.parse(text);
        assertEquals(d, parsed);
        assertEquals(text, parsed.format());
    }

    private static DialString dialString(FuzzedDataProvider data) {
        List<DialGroup> groups = new ArrayList<>();
        for (int g = data.consumeInt(1, 3); g > 0; g--) {
            List<DialTarget> targets = new ArrayList<>();
            for (int t = data.consumeInt(1, 3); t > 0; t--) {
                String tech = data.consumeBoolean() ? "SIP" : data.consumeAsciiString(34);
                String resource = data.consumeString(300);
                Duration timeout = data.consumeBoolean() ? null : duration(data);
                ChannelId id = data.consumeBoolean() ? null : ChannelId.of(data.consumeAsciiString(20));
                targets.add(new DialTarget(tech, resource, timeout, id, variables(data)));
            }
            groups.add(new DialGroup(targets));
        }
        EarlyMediaPolicy policy = data.pickValue(EarlyMediaPolicy.values());
        return new DialString(groups, data.consumeBoolean() ? null : duration(data), policy,
                data.consumeInt(-1, DialString.MAX_FORWARDS_LIMIT + 1), variables(data));
    }

    private static Duration duration(FuzzedDataProvider data) {
        return data.consumeBoolean() ? Duration.ofMillis(data.consumeLong(-1, 90_000_000))
                : Duration.ofNanos(data.consumeLong(0, 90_000_000_000_000L));
    }

    private static Map<String, String> variables(FuzzedDataProvider data) {
        Map<String, String> vars = new HashMap<>();
        for (int n = data.consumeInt(0, 3); n > 0; n--) {
            String name = data.consumeBoolean() ? data.pickValue(new String[] {"X", "_X", "__X", "a.b-c"})
                    : data.consumeAsciiString(84);
            vars.put(name, data.consumeString(100));
        }
        return vars;
    }

    private static void check(String text) {
        DialString parsed;
        try {
            parsed = DialString.parse(text);
        } catch (DialStringException e) {
            assertTrue(DialStringErrorsTest.REASONS.contains(e.reason()), "unknown reason");
            int limit = Math.min(text.length(), DialString.MAX_LENGTH);
            assertTrue(e.position() >= 0 && e.position() <= limit, "position outside the text");
            return;
        }
        String canonical = parsed.format();
        assertTrue(canonical.length() <= DialString.MAX_LENGTH);
        DialString again = DialString.parse(canonical);
        assertEquals(parsed, again);
        assertEquals(canonical, again.format());
    }
}
