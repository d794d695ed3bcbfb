package org.strowger.core.dial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.Map;
import org.strowger.api.ChannelId;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.core.log.LogTextFuzzTest;

/**
 * Fuzzes {@link ForwardTarget#parse}: the text a far end sends with a redirect (SIP 302 Contact), the most exposed
 * parser of the core. Properties: it returns a target or throws {@link InvalidArgumentException} (nothing else); the
 * message is safe to log ({@link LogTextFuzzTest#safe}, and free of control characters); a target keeps the
 * forwarded leg's timeout and variables and never takes an id, options or variables from the text; and its tech and
 * resource, written back as a dial string, parse to the same target.
 *
 * <p>To fuzz: {@code JAZZER_FUZZ=1 mvn -B -o test -pl core-impl -am -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest='ForwardTargetFuzzTest#parse' -Djazzer.max_duration=2m}.
 */
class ForwardTargetFuzzTest {
    private static final DialTarget FORWARDED = DialTarget.of("SIP", "bob").withTimeout(Duration.ofSeconds(20))
            .withId(ChannelId.of("leg-1")).withVariables(Map.of("_A", "1"));

    @FuzzTest(maxDuration = "2m")
    @DictionaryEntries({"SIP/", "Local/", "@", "&", "|", ",", "{", "}", "[", "]", "=", "%", "%0A", "%25", "id=",
        "timeout=", "var.", "var.__", "early_media=", "max_forwards="})
    void parse(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        DialTarget t;
        try {
            t = ForwardTarget.parse(text, FORWARDED);
        } catch (InvalidArgumentException e) {
            assertTrue(LogTextFuzzTest.safe(e.getMessage()) && e.getMessage().chars().noneMatch(Character::isISOControl),
                    "message unsafe to log");
            return;
        }
        assertNull(t.id(), "the id is never taken from the text nor kept");
        assertEquals(FORWARDED.timeout(), t.timeout());
        assertEquals(FORWARDED.variables(), t.variables());
        DialTarget again = ForwardTarget.parse(DialString.of(DialTarget.of(t.tech(), t.resource())).format(), FORWARDED);
        assertEquals(t, again, "round trip");
    }
}
