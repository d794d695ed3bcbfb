package org.strowger.core.media.tone;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/*
 * A parsed tone plan in the classic indications syntax: comma-separated segments, each one of
 *
 *   f1[/ms]        one frequency            f1+f2[/ms]   two frequencies, summed
 *   f1*f2[/ms]     f1 amplitude-modulated by f2           0[/ms]       silence
 *
 * with frequencies in Hz (decimals allowed) and durations in whole milliseconds. A segment without a duration plays
 * forever, so only the last may omit it. A leading '!' marks a segment played on the first pass only; the plan then
 * repeats its unmarked segments for as long as it plays (a plan whose segments are all marked plays once and then is
 * silent). Examples: "350+440" (continuous dial tone), "480+620/500,0/500" (busy), "!440/300,0/10000".
 *
 * Whitespace around segments and symbols is ignored. An error names the 0-based character position and the segment.
 */
public final class TonePlan {
    /** Longest duration accepted, an hour, so that durations in samples stay well inside a long. */
    static final int MAX_DURATION_MS = 3_600_000;
    /** Highest frequency the syntax accepts; a generator also requires it below its Nyquist frequency. */
    static final double MAX_FREQUENCY = 20_000;

    /**
     * One segment: {@code f2} is 0 for a single frequency, both are 0 for silence; {@code durationMs} is -1 for
     * "forever".
     */
    public record Segment(double f1, double f2, boolean modulated, int durationMs, boolean once) {
        public boolean silent() {
            return f1 == 0 && (f2 == 0 || modulated);
        }
    }

    private final String text;
    private final List<Segment> segments;

    private TonePlan(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** Parses {@code plan}; IllegalArgumentException naming the position of the first error. */
    public static TonePlan parse(String plan) {
        Objects.requireNonNull(plan, "plan");
        return new TonePlan(plan, new Parser(plan).parse());
    }

    public List<Segment> segments() {
        return segments;
    }

    /** True if some segment repeats (is not marked '!'). */
    public boolean repeats() {
        for (Segment s : segments) {
            if (!s.once()) {
                return true;
            }
        }
        return false;
    }

    /** The text this plan was parsed from. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TonePlan p && p.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    private static final class Parser {
        private final String s;
        private int pos;
        private int segment;

        Parser(String s) {
            this.s = s;
        }

        List<Segment> parse() {
            if (s.isBlank()) {
                throw new IllegalArgumentException("empty tone plan");
            }
            List<Segment> out = new ArrayList<>();
            while (true) {
                segment++;
                out.add(segment());
                skipSpace();
                if (pos == s.length()) {
                    break;
                }
                expect(',');
            }
            for (int i = 0; i < out.size() - 1; i++) {
                if (out.get(i).durationMs() < 0) {
                    throw new IllegalArgumentException("tone plan \"" + s + "\": segment " + (i + 1)
                            + " has no duration, so it would play forever; only the last segment may omit it");
                }
            }
            return List.copyOf(out);
        }

        private Segment segment() {
            skipSpace();
            boolean once = false;
            if (peek() == '!') {
                once = true;
                pos++;
                skipSpace();
            }
            double f1 = frequency();
            double f2 = 0;
            boolean modulated = false;
            skipSpace();
            if (peek() == '+' || peek() == '*') {
                modulated = peek() == '*';
                pos++;
                skipSpace();
                f2 = frequency();
                skipSpace();
            }
            int duration = -1;
            if (peek() == '/') {
                pos++;
                skipSpace();
                duration = duration();
            }
            return new Segment(f1, f2, modulated, duration, once);
        }

        private double frequency() {
            int start = pos;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            String number = s.substring(start, pos);
            if (number.isEmpty()) {
                throw error(start, "expected a frequency in Hz");
            }
            double f;
            try {
                f = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw error(start, "'" + number + "' is not a frequency");
            }
            if (f > MAX_FREQUENCY) {
                throw error(start, "frequency " + number + " Hz is above " + (int) MAX_FREQUENCY + " Hz");
            }
            return f;
        }

        private int duration() {
            int start = pos;
            long value = 0;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                value = Math.min(value * 10 + (s.charAt(pos) - '0'), Integer.MAX_VALUE);
                pos++;
            }
            if (pos == start) {
                throw error(start, "expected a duration in whole milliseconds");
            }
            if (value < 1 || value > MAX_DURATION_MS) {
                throw error(start, "duration " + s.substring(start, pos) + " ms is outside 1.." + MAX_DURATION_MS);
            }
            return (int) value;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error(pos, "expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(int at, String what) {
            String found = at < s.length() ? "found '" + s.charAt(at) + "'" : "found the end";
            return new IllegalArgumentException("tone plan \"" + s + "\": at position " + at + " (segment " + segment
                    + "): " + what + ", " + found);
        }
    }
}
