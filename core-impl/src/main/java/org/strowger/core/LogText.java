package org.strowger.core;

/**
 * Makes untrusted text (caller names, dial strings, resources, text messages) safe to log and to embed in names:
 * control characters, line and paragraph separators and backslashes are escaped ({@code \n}, {@code \xNN},
 * {@code \\uNNNN}), so the text can never forge or break a log line; long text is cut.
 */
final class LogText {
    static final int MAX = 256;

    private LogText() {
    }

    static String escape(String s) {
        if (s == null) {
            return "null";
        }
        int n = Math.min(s.length(), MAX);
        StringBuilder b = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String rep = replacement(c);
            if (rep != null && b == null) {
                b = new StringBuilder(n + 16).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        String out = b == null ? s.substring(0, n) : b.toString();
        return s.length() > MAX ? out + "...(" + s.length() + " chars)" : out;
    }

    private static String replacement(char c) {
        switch (c) {
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            case '\\': return "\\\\";
            default:
        }
        if (c < 0x20 || c == 0x7f) {
            return String.format("\\x%02x", (int) c);
        }
        if ((c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
