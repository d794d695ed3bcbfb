package org.strowger.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link LogText#escape} (every untrusted string the core logs goes through it) and {@link LogText#loggable}.
 * Properties: the output is safe to print on one log line (no C0/C1 control, DEL, line or paragraph separator,
 * bidirectional override or isolate, or unpaired surrogate); text of at most {@link LogText#MAX} characters escapes
 * reversibly (so an escape sequence can never be forged); longer text is the escaped first {@code MAX} characters
 * (never splitting a surrogate pair) plus its length.
 *
 * <p>A plain test run replays the inputs saved under src/test/resources/org/strowger/core/LogTextFuzzTestInputs/escape.
 * To fuzz: {@code JAZZER_FUZZ=1 mvn -B -o test -pl core-impl -am -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest='LogTextFuzzTest#escape' -Djazzer.max_duration=2m}.
 */
public class LogTextFuzzTest {

    @FuzzTest(maxDuration = "2m")
    @DictionaryEntries({"\\x0A", "\\x0D", "\\x09", "\\\\", "\\\\n", "\\\\x", "\\\\u", "\\x1B[31m", "\\x7F",
        "\\xE2\\x80\\xA8", "\\xE2\\x80\\xAE"})
    void escape(FuzzedDataProvider data) {
        String s = data.consumeRemainingAsString();
        check(s);
        Throwable t = LogText.loggable(new IllegalStateException(s, new RuntimeException(s)));
        assertTrue(safe(t.getMessage()), "loggable message");
        assertTrue(safe(t.getCause().getMessage()), "loggable cause");
    }

    static void check(String s) {
        String out = LogText.escape(s);
        assertTrue(safe(out), () -> "unsafe output " + visible(out));
        if (s.length() <= LogText.MAX) {
            assertEquals(s, unescape(out), "escaping must be reversible");
            return;
        }
        String suffix = "...(" + s.length() + " chars)";
        assertTrue(out.endsWith(suffix), "the original length is shown");
        String kept = unescape(out.substring(0, out.length() - suffix.length()));
        assertTrue(s.startsWith(kept), "the kept part is a prefix");
        int cut = Character.isHighSurrogate(s.charAt(LogText.MAX - 1)) && Character.isLowSurrogate(s.charAt(LogText.MAX))
                ? LogText.MAX - 1 : LogText.MAX;
        assertEquals(cut, kept.length(), "cut at MAX, or before a surrogate pair it would split");
    }

    /** True if {@code s} prints as one line that nothing (terminal, log parser, bidi renderer) can reorder or break. */
    public static boolean safe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i + 1 >= s.length()) {
                fail("dangling backslash in " + visible(s));
            }
            char k = s.charAt(++i);
            switch (k) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case '\\' -> b.append('\\');
                case 'x' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> fail("unknown escape \\" + k + " in " + visible(s));
            }
        }
        return b.toString();
    }

    private static String visible(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().limit(300).forEach(c -> b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c)
                : String.format("<U+%04X>", c)));
        return b.toString();
    }
}
