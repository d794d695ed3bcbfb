package org.strowger.core.log;

/**
 * Makes untrusted text (caller names, dial strings, resources, text messages, variables, application names, the
 * messages of exceptions thrown by techs, applications and subscribers) safe to log and to embed in names: control
 * characters (ANSI escapes included), line and paragraph separators, bidirectional overrides and isolates (which
 * would reorder the rest of the line on screen), unpaired surrogates and backslashes are escaped ({@code \n},
 * {@code \xNN}, {@code \\uNNNN}), so the text can never forge or break a log line, and the escaping is reversible;
 * long text is cut after {@link #MAX} characters (before a surrogate pair it would split) and its length shown.
 */
public final class LogText {
    public static final int MAX = 256;

    private LogText() {
    }

    public static String escape(String s) {
        if (s == null) {
            return "null";
        }
        int n = Math.min(s.length(), MAX);
        if (n < s.length() && n > 0 && Character.isHighSurrogate(s.charAt(n - 1))
                && Character.isLowSurrogate(s.charAt(n))) {
            n--; // never split a surrogate pair: half of one would print as garbage
        }
        StringBuilder b = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String rep;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                rep = null; // a well-formed pair: copy both halves
                if (b != null) {
                    b.append(c);
                }
                c = s.charAt(++i);
            } else {
                rep = replacement(c);
            }
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
        return s.length() > n ? out + "...(" + s.length() + " chars)" : out;
    }

    /**
     * A stand-in for {@code t} to pass to a logger that prints stacks: the same stack frames, with the text of
     * {@code t} and of its causes escaped (a logger prints an exception's message unescaped).
     */
    public static Throwable loggable(Throwable t) {
        return t == null ? null : new Escaped(t, 0);
    }

    private static final class Escaped extends Throwable {
        private static final long serialVersionUID = 1L;

        Escaped(Throwable t, int depth) {
            super(escape(t.toString()),
                    t.getCause() == null || depth >= 8 ? null : new Escaped(t.getCause(), depth + 1), false, true);
            setStackTrace(t.getStackTrace());
        }

        @Override
        public String toString() {
            return getMessage(); // already "class: message", escaped
        }
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
        if ((c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069') || Character.isSurrogate(c)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
