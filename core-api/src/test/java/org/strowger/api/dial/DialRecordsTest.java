package org.strowger.api.dial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.strowger.api.ChannelId;
import org.strowger.api.InvalidArgumentException;

/** The records reject what a dial string could not carry, so that every valid value round-trips. */
class DialRecordsTest {
    private static final DialTarget A = DialTarget.of("SIP", "a");

    @Test
    void defaults() {
        DialString d = new DialString(List.of(DialGroup.of(A)), null, null, 3, null);
        assertEquals(EarlyMediaPolicy.RINGBACK, d.earlyMedia());
        assertEquals(Map.of(), d.variables());
        assertEquals(Map.of(), A.variables());
        assertEquals(DialString.of(A), d);
    }

    @Test
    void techIsOneToThirtyTwoWordCharacters() {
        assertEquals("A_z9", DialTarget.of("A_z9", "x").tech());
        assertEquals(32, DialTarget.of("T".repeat(32), "x").tech().length());
        for (String bad : new String[] {null, "", "T".repeat(33), "S-P", "SIP/", "SÍP"}) {
            assertThrows(InvalidArgumentException.class, () -> DialTarget.of(bad, "x"), String.valueOf(bad));
        }
    }

    @Test
    void resourceFollowsOutboundRequestAndMustBeWellFormed() {
        assertEquals("a b&c|%😀", DialTarget.of("SIP", "a b&c|%😀").resource());
        for (String bad : new String[] {null, "", "x".repeat(257), "a\nb", "a\u0000", "a\u0085", "\ud800", "a\udc00",
                "\ude00\ud83d"}) {
            assertThrows(InvalidArgumentException.class, () -> DialTarget.of("SIP", bad));
        }
    }

    @Test
    void timeoutsAreWholeMillisecondsFromOneMillisecondToADay() {
        assertEquals(Duration.ofMillis(1), A.withTimeout(Duration.ofMillis(1)).timeout());
        assertEquals(Duration.ofHours(24), DialString.of(A).withTimeout(Duration.ofHours(24)).timeout());
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), Duration.ofNanos(999_999),
                Duration.ofNanos(1_500_000), Duration.ofHours(24).plusMillis(1), Duration.ofSeconds(Long.MAX_VALUE)}) {
            assertThrows(InvalidArgumentException.class, () -> A.withTimeout(bad));
            assertThrows(InvalidArgumentException.class, () -> DialString.of(A).withTimeout(bad));
        }
    }

    @Test
    void maxForwardsIsZeroToTwenty() {
        assertEquals(0, DialString.of(A).withMaxForwards(0).maxForwards());
        assertEquals(20, DialString.of(A).withMaxForwards(20).maxForwards());
        assertThrows(InvalidArgumentException.class, () -> DialString.of(A).withMaxForwards(-1));
        assertThrows(InvalidArgumentException.class, () -> DialString.of(A).withMaxForwards(21));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X", "_X", "__X", "___X", "a.b-c_9", "_", "__"})
    void variableNamesFollowTheCoreRules(String name) {
        boolean valid = !name.equals("_") && !name.equals("__");
        Map<String, String> vars = Map.of(name, "v");
        if (valid) {
            assertEquals(vars, A.withVariables(vars).variables());
            assertEquals(vars, DialString.of(A).withVariables(vars).variables());
        } else {
            assertThrows(InvalidArgumentException.class, () -> A.withVariables(vars));
        }
    }

    @Test
    void invalidVariablesAreRejected() {
        List<Map<String, String>> bad = new ArrayList<>();
        bad.add(Map.of("", "v"));
        bad.add(Map.of("a b", "v"));
        bad.add(Map.of("é", "v"));
        bad.add(Map.of("a=b", "v"));
        bad.add(Map.of("x".repeat(81), "v"));
        bad.add(Map.of("_" + "x".repeat(81), "v"));
        bad.add(Map.of("x", "v".repeat(4097)));
        bad.add(Map.of("x", "\ud800"));
        bad.add(Map.of("x", "1", "_x", "2"));
        bad.add(Map.of("_x", "1", "__x", "2"));
        bad.add(Collections.singletonMap("x", null));
        bad.add(Collections.singletonMap(null, "v"));
        for (Map<String, String> vars : bad) {
            assertThrows(InvalidArgumentException.class, () -> A.withVariables(vars));
            assertThrows(InvalidArgumentException.class, () -> DialString.of(A).withVariables(vars));
        }
        assertEquals(80, A.withVariables(Map.of("__" + "x".repeat(80), "v".repeat(4096))).variables().keySet()
                .iterator().next().length() - 2);
        assertEquals("\0\n", A.withVariables(Map.of("x", "\0\n")).variables().get("x"));
    }

    @Test
    void variableMapsAreCopied() {
        Map<String, String> vars = new HashMap<>(Map.of("x", "1"));
        DialTarget t = A.withVariables(vars);
        vars.put("y", "2");
        assertEquals(Map.of("x", "1"), t.variables());
        assertThrows(UnsupportedOperationException.class, () -> t.variables().put("z", "3"));
    }

    @Test
    void channelIdsAreUniqueWithinADialString() {
        DialTarget x1 = DialTarget.of("SIP", "a").withId(ChannelId.of("x"));
        DialTarget x2 = DialTarget.of("SIP", "b").withId(ChannelId.of("x"));
        assertThrows(InvalidArgumentException.class, () -> DialString.of(x1, x2));
        assertThrows(InvalidArgumentException.class,
                () -> new DialString(List.of(DialGroup.of(x1), DialGroup.of(x2)), null, null, 3, null));
        DialString.of(x1, x2.withId(ChannelId.of("y")));
    }

    @Test
    void groupsAndTargetsAreBounded() {
        assertThrows(InvalidArgumentException.class, () -> new DialGroup(List.of()));
        assertThrows(InvalidArgumentException.class, () -> new DialGroup(null));
        assertThrows(InvalidArgumentException.class, () -> new DialString(List.of(), null, null, 3, null));
        List<DialGroup> groups = new ArrayList<>(Collections.nCopies(DialString.MAX_TARGETS, DialGroup.of(A)));
        assertEquals(64, new DialString(groups, null, null, 3, null).groups().size());
        groups.add(DialGroup.of(A));
        assertThrows(InvalidArgumentException.class, () -> new DialString(groups, null, null, 3, null));
    }

    @Test
    void theCanonicalTextMustFitTheParsersLimit() {
        Map<String, String> vars = Map.of("a", "v".repeat(4096), "b", "v".repeat(4096));
        assertThrows(InvalidArgumentException.class, () -> DialString.of(A).withVariables(vars));
        // "{var.a=" + 4096 + ",var.b=" + 4076 + "}SIP/a" is 8192 characters: fine; one more is not
        DialString fits = DialString.of(A).withVariables(Map.of("a", "v".repeat(4096), "b", "w".repeat(4076)));
        assertEquals(DialString.MAX_LENGTH, fits.format().length());
        assertEquals(fits, DialString.parse(fits.format()));
        assertThrows(InvalidArgumentException.class,
                () -> DialString.of(A).withVariables(Map.of("a", "v".repeat(4096), "b", "w".repeat(4077))));
        // escapes count: a resource of 256 non-printable characters is 2304 characters of text
        DialTarget wide = DialTarget.of("SIP", "\uffff".repeat(256));
        assertEquals(4 + 9 * 256, DialString.of(wide).format().length());
        assertThrows(InvalidArgumentException.class, () -> DialString.of(wide, wide, wide, wide));
    }
}
