package org.strowger.api.dial;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/*
 * The canonical text of a dial string (grammar in docs/dialing.md), and the character classes the parser shares with
 * it. Canonical means: no white space, options in a fixed order, defaults left out, durations in the largest exact
 * unit, and percent escapes only where a character may not appear raw. A character may appear raw if it is printable
 * (Unicode category L, M, N, P or S) and not reserved; everything else is written as %XX escapes of its UTF-8 bytes,
 * upper-case hex. The parser accepts exactly these raw characters, so the output parses back to an equal value.
 */
final class DialStringFormat {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private DialStringFormat() {
    }

    static String format(DialString d) {
        return format(d.groups(), d.timeout(), d.earlyMedia(), d.maxForwards(), d.variables());
    }

    /** The canonical text of a dial string with these components (already validated). */
    static String format(Iterable<DialGroup> groups, Duration timeout, EarlyMediaPolicy earlyMedia, int maxForwards,
            Map<String, String> variables) {
        StringBuilder sb = new StringBuilder(64);
        sb.append('{');
        if (timeout != null) {
            sb.append("timeout=").append(duration(timeout)).append(',');
        }
        if (earlyMedia != EarlyMediaPolicy.RINGBACK) {
            sb.append("early_media=").append(earlyMediaToken(earlyMedia)).append(',');
        }
        if (maxForwards != DialString.DEFAULT_MAX_FORWARDS) {
            sb.append("max_forwards=").append(maxForwards).append(',');
        }
        appendVariables(sb, variables);
        closeOptions(sb, 0, '}');
        String groupSeparator = "";
        for (DialGroup g : groups) {
            sb.append(groupSeparator);
            groupSeparator = "|";
            String targetSeparator = "";
            for (DialTarget t : g.targets()) {
                sb.append(targetSeparator);
                targetSeparator = "&";
                appendTarget(sb, t);
            }
        }
        return sb.toString();
    }

    private static void appendTarget(StringBuilder sb, DialTarget t) {
        int open = sb.length();
        sb.append('[');
        if (t.timeout() != null) {
            sb.append("timeout=").append(duration(t.timeout())).append(',');
        }
        if (t.id() != null) {
            sb.append("id=");
            appendEncoded(sb, t.id().value());
            sb.append(',');
        }
        appendVariables(sb, t.variables());
        closeOptions(sb, open, ']');
        sb.append(t.tech()).append('/');
        appendEncoded(sb, t.resource());
    }

    private static void appendVariables(StringBuilder sb, Map<String, String> variables) {
        if (variables.isEmpty()) {
            return;
        }
        for (Map.Entry<String, String> e : new TreeMap<>(variables).entrySet()) {
            sb.append("var.").append(e.getKey()).append('='); // names never need escaping
            appendEncoded(sb, e.getValue());
            sb.append(',');
        }
    }

    /** Replaces the trailing comma with {@code close}, or removes the opening bracket at {@code open} if empty. */
    private static void closeOptions(StringBuilder sb, int open, char close) {
        if (sb.length() == open + 1) {
            sb.setLength(open);
        } else {
            sb.setCharAt(sb.length() - 1, close);
        }
    }

    static String earlyMediaToken(EarlyMediaPolicy policy) {
        return switch (policy) {
            case RINGBACK -> "ringback";
            case FIRST_PROGRESS -> "first_progress";
        };
    }

    /** In the largest unit that is exact: {@code 2h}, {@code 90s}, {@code 1500ms}. Whole milliseconds only. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** Appends {@code s} (well-formed UTF-16) with every character that may not appear raw percent-encoded. */
    static void appendEncoded(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int width = Character.charCount(cp);
            if (mayAppearRaw(cp)) {
                sb.append(s, i, i + width);
            } else {
                for (byte b : s.substring(i, i + width).getBytes(StandardCharsets.UTF_8)) {
                    sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
            }
            i += width;
        }
    }

    /** Characters with a meaning in the grammar; never raw inside a resource or an option value. */
    static boolean isReserved(int cp) {
        return switch (cp) {
            case '&', '|', '[', ']', '{', '}', ',', '=', '%' -> true;
            default -> false;
        };
    }

    static boolean mayAppearRaw(int cp) {
        if (cp < 0x80) {
            return cp >= '!' && cp <= '~' && !isReserved(cp);
        }
        return isPrintable(cp);
    }

    /** Letters, marks, numbers, punctuation and symbols; not controls, format characters, separators or unassigned. */
    private static boolean isPrintable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
