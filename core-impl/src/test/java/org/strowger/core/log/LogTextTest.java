package org.strowger.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {

    /** True if {@code s} would print as one line with nothing a terminal or log parser treats as control. */
    private static boolean safe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    @Test
    void forgedLogLineStaysOnOneLine() {
        String forged = "alice\n2026-01-01 INFO fake line";
        String out = LogText.escape(forged);
        assertEquals("alice\\n2026-01-01 INFO fake line", out);
        assertFalse(out.contains("\n"));
        assertTrue(safe(out));
        assertEquals("bob\\r\\n2026-01-01 INFO fake", LogText.escape("bob\r\n2026-01-01 INFO fake"));
    }

    @Test
    void whitespaceControlsAreEscapedReadably() {
        assertEquals("a\\tb", LogText.escape("a\tb"));
        assertEquals("a\\rb", LogText.escape("a\rb"));
        assertEquals("a\\nb", LogText.escape("a\nb"));
    }

    @Test
    void otherControlCharactersAreHexEscaped() {
        assertEquals("\\x00\\x1b[31mred\\x07", LogText.escape("\u0000\u001b[31mred\u0007"));
        assertEquals("\\x7f", LogText.escape("\u007f"));
        assertEquals("\\u0085\\u009b", LogText.escape("\u0085\u009b"), "C1 controls: NEL and CSI");
    }

    @Test
    void unicodeLineAndParagraphSeparatorsAreEscaped() {
        assertEquals("a\\u2028b\\u2029c", LogText.escape("a\u2028b\u2029c"));
    }

    @Test
    void backslashIsEscapedSoEscapesCannotBeForged() {
        assertEquals("a\\\\nb", LogText.escape("a\\nb"), "a literal backslash-n stays distinguishable from \\n");
        assertEquals("\\\\", LogText.escape("\\"));
    }

    @Test
    void ordinaryTextIsReturnedUnchanged() {
        String s = "SIP/alice@10.0.0.1:5060;transport=tcp Émile 日本 \"quoted\"";
        assertSame(s, LogText.escape(s), "no copy when nothing needs escaping");
        assertEquals("", LogText.escape(""));
        assertEquals("null", LogText.escape(null));
    }

    @Test
    void longTextIsCutAndTheOriginalLengthShown() {
        String s = "x".repeat(10_000);
        String out = LogText.escape(s);
        assertEquals("x".repeat(LogText.MAX) + "...(10000 chars)", out);
        String exact = "y".repeat(LogText.MAX);
        assertSame(exact, LogText.escape(exact), "exactly MAX is not cut");
    }

    @Test
    void longTextWithControlsIsCutAndEscaped() {
        String s = "\n".repeat(LogText.MAX + 10);
        String out = LogText.escape(s);
        assertEquals("\\n".repeat(LogText.MAX) + "...(" + (LogText.MAX + 10) + " chars)", out);
        assertTrue(safe(out));
        // a forged line after the cut cannot sneak in either
        String late = "a".repeat(LogText.MAX - 1) + "\nINFO forged";
        String lateOut = LogText.escape(late);
        assertTrue(safe(lateOut));
        assertTrue(lateOut.startsWith("a".repeat(LogText.MAX - 1) + "\\n"));
    }

    @Test
    void everyCharOfTheBmpComesOutSafe() {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            all.setLength(0);
            all.append("a").append((char) c).append("b");
            String out = LogText.escape(all.toString());
            assertTrue(safe(out), () -> "U+" + Integer.toHexString(all.charAt(1)) + " -> " + out);
        }
    }

    @Test
    void bidiOverridesIsolatesAndLoneSurrogatesAreEscaped() {
        assertEquals("a\\u202eb\\u2066c\\u2069", LogText.escape("a\u202eb\u2066c\u2069"), "bidi controls would reorder the line");
        assertEquals("x\\ud800y\\udc00", LogText.escape("x\ud800y\udc00"), "unpaired surrogates");
        String pair = "\ud83d\ude00";
        assertSame(pair, LogText.escape(pair), "a well-formed pair is kept");
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        String s = "a".repeat(LogText.MAX - 1) + "\ud83d\ude00" + "b";
        assertEquals("a".repeat(LogText.MAX - 1) + "...(" + s.length() + " chars)", LogText.escape(s));
        LogTextFuzzTest.check(s);
    }
}
