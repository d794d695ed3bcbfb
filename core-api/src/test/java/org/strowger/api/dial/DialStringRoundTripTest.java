package org.strowger.api.dial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code parse(d.format()).equals(d)} and the canonical form is a fixed point, for random valid dial strings
 * ({@link RandomDialStrings}); a non-canonical text of each parses to the same value. {@code -Dstrowger.seeds=K}
 * changes the number of cases (default 10,000), {@code -Dstrowger.seed=N} replays one.
 */
class DialStringRoundTripTest {
    private static final int CASES = 10_000;

    @Test
    void randomDialStringsRoundTrip() {
        String only = System.getProperty("strowger.seed");
        long first = only != null ? Long.parseLong(only.trim()) : 0;
        int count = only != null ? 1 : Integer.getInteger("strowger.seeds", CASES);
        Map<String, Integer> features = new TreeMap<>();
        long start = System.nanoTime();
        for (long seed = first; seed < first + count; seed++) {
            try {
                roundTrip(seed, features);
            } catch (Throwable t) {
                String line = "dial string round trip failed for seed " + seed + "; replay: mvn -B -o test -pl core-api"
                        + " -Dtest=DialStringRoundTripTest -Dstrowger.seed=" + seed;
                System.err.println(line);
                throw new AssertionError(line + ": " + t, t);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("dial string round trip: " + count + " cases in " + ms + " ms; features: " + features);
        if (count >= CASES) {
            features.forEach((feature, n) -> assertTrue(n >= count / 200, "too few cases with " + feature + ": " + n));
            assertEquals(FEATURES, features.size(), "features seen: " + features.keySet());
        }
    }

    private static void roundTrip(long seed, Map<String, Integer> features) {
        RandomDialStrings random = new RandomDialStrings(seed);
        DialString d = random.next();
        String canonical = d.format();
        DialString parsed = DialString.parse(canonical);
        assertEquals(d, parsed);
        assertEquals(canonical, parsed.format());
        String noisy = random.noisyText(d);
        if (noisy.length() <= DialString.MAX_LENGTH) {
            assertEquals(d, DialString.parse(noisy));
            count(features, "non-canonical text", !noisy.equals(canonical));
        }
        count(features, "global timeout", d.timeout() != null);
        count(features, "first_progress", d.earlyMedia() == EarlyMediaPolicy.FIRST_PROGRESS);
        count(features, "max_forwards", d.maxForwards() != DialString.DEFAULT_MAX_FORWARDS);
        count(features, "global variables", !d.variables().isEmpty());
        count(features, "several groups", d.groups().size() > 1);
        count(features, "several targets in a group", d.groups().stream().anyMatch(g -> g.targets().size() > 1));
        count(features, "64 targets", d.groups().stream().mapToInt(g -> g.targets().size()).sum() == 64);
        count(features, "target timeout", any(d, t -> t.timeout() != null));
        count(features, "target id", any(d, t -> t.id() != null));
        count(features, "target variables", any(d, t -> !t.variables().isEmpty()));
        count(features, "inherited variable", any(d, t -> t.variables().keySet().stream().anyMatch(k -> k.startsWith("_"))));
        count(features, "empty variable value", any(d, t -> t.variables().containsValue("")));
        count(features, "control character in a value",
                any(d, t -> t.variables().values().stream().anyMatch(v -> v.chars().anyMatch(Character::isISOControl))));
        count(features, "reserved character in a resource", any(d, t -> t.resource().chars().anyMatch(c -> "&|[]{},=".indexOf(c) >= 0)));
        count(features, "percent sign in a resource", any(d, t -> t.resource().contains("%")));
        count(features, "white space in a resource", any(d, t -> t.resource().contains(" ")));
        count(features, "slash in a resource", any(d, t -> t.resource().contains("/")));
        count(features, "non-BMP character in a resource", any(d, t -> t.resource().codePoints().anyMatch(c -> c > 0xFFFF)));
        count(features, "invisible character in a resource", any(d, t -> t.resource().contains("\u202e")));
        count(features, "256-character resource", any(d, t -> t.resource().length() > 240));
    }

    private static final int FEATURES = 21;

    private static boolean any(DialString d, Predicate<DialTarget> p) {
        return d.groups().stream().flatMap(g -> g.targets().stream()).anyMatch(p);
    }

    private static void count(Map<String, Integer> features, String feature, boolean seen) {
        if (seen) {
            features.merge(feature, 1, Integer::sum);
        }
    }
}
