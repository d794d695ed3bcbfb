package org.strowger.api.dial;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.strowger.api.ChannelId;
import org.strowger.api.InvalidArgumentException;

/**
 * Seeded random valid dial strings using every feature, with nasty resources and values (reserved characters,
 * {@code /}, white space, percent signs, non-BMP and invisible characters), and a non-canonical text for each: white
 * space where allowed, options in random order with explicit defaults, escapes where none are needed in either hex
 * case, durations in other units and with leading zeros.
 */
final class RandomDialStrings {
    private static final String WORD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
    private static final String NAME = WORD + ".-";
    /** Pieces of resources and values; each is also valid in a resource (no control characters). */
    private static final String[] PIECES = {
        "a", "b", "alice", "100", "@", ".", ":", ";", "?", "#", "~", "!", "\"", "'", "\\", "<", ">", "+", "*", "(",
        "/", "//", "&", "|", "[", "]", "{", "}", ",", "=", "%", "%25", "%4", "%%", " ", "  ",
        "é", "€", "中", "ß", "😀", "\udbff\udfff", "e\u0301", "\u202e", "\u200b", "\u00a0", "\u2028", "\ue000",
        "\uffff", "\ufeff", "٣", "１"};
    /** Only in values: control characters are fine there. */
    private static final String[] VALUE_ONLY = {"\0", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085"};
    private static final long[] UNIT_MS = {1, 1000, 60_000, 3_600_000};

    private final Random rnd;

    RandomDialStrings(long seed) {
        this.rnd = new Random(seed);
    }

    /** A random valid dial string. */
    DialString next() {
        while (true) {
            try {
                return tryNext();
            } catch (InvalidArgumentException tooLong) {
                // its canonical text is longer than DialString.MAX_LENGTH (rare): draw again
            }
        }
    }

    private DialString tryNext() {
        Set<ChannelId> ids = new HashSet<>();
        boolean many = rnd.nextInt(100) == 0;
        int groupCount = many ? 1 + rnd.nextInt(8) : 1 + skewed(4);
        int budget = many ? DialString.MAX_TARGETS : 16;
        List<DialGroup> groups = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            int n = many ? Math.max(1, budget / (groupCount - g)) : 1 + skewed(4);
            budget -= n;
            List<DialTarget> targets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                targets.add(target(ids, !many));
            }
            groups.add(new DialGroup(targets));
        }
        return new DialString(groups, rnd.nextInt(3) == 0 ? duration() : null,
                rnd.nextBoolean() ? EarlyMediaPolicy.RINGBACK : EarlyMediaPolicy.FIRST_PROGRESS,
                rnd.nextBoolean() ? DialString.DEFAULT_MAX_FORWARDS : rnd.nextInt(DialString.MAX_FORWARDS_LIMIT + 1),
                variables());
    }

    private DialTarget target(Set<ChannelId> ids, boolean allowLong) {
        String tech = rnd.nextInt(50) == 0 ? word(32) : word(1 + skewed(8));
        String resource = allowLong && rnd.nextInt(30) == 0 ? text(256, false) : text(1 + skewed(12), false);
        ChannelId id = null;
        if (rnd.nextInt(3) == 0) {
            do {
                id = ChannelId.of(visibleAscii(1 + rnd.nextInt(rnd.nextInt(40) == 0 ? 150 : 12)));
            } while (!ids.add(id));
        }
        return new DialTarget(tech, resource, rnd.nextInt(3) == 0 ? duration() : null, id, variables());
    }

    private Map<String, String> variables() {
        int n = rnd.nextInt(3) == 0 ? 1 + skewed(4) : 0;
        Map<String, String> vars = new HashMap<>();
        Set<String> bare = new HashSet<>();
        while (vars.size() < n) {
            String prefix = switch (rnd.nextInt(4)) {
                case 0 -> "_";
                case 1 -> "__";
                default -> "";
            };
            String name = prefix + random(NAME, rnd.nextInt(30) == 0 ? DialRules.MAX_VARIABLE_NAME : 1 + skewed(10));
            String bareName = name.substring(DialRules.variablePrefix(name));
            if (bareName.isEmpty() || bareName.length() > DialRules.MAX_VARIABLE_NAME || !bare.add(bareName)) {
                continue;
            }
            String value = switch (rnd.nextInt(10)) {
                case 0 -> "";
                case 1 -> text(rnd.nextInt(DialRules.MAX_VARIABLE_VALUE / 8), true);
                default -> text(1 + skewed(10), true);
            };
            vars.put(name, value);
        }
        return vars;
    }

    /** A random whole-millisecond duration 1 ms .. 24 h, often a whole number of seconds, minutes or hours. */
    private Duration duration() {
        long unit = UNIT_MS[rnd.nextInt(UNIT_MS.length)];
        long max = DialRules.MAX_TIMEOUT.toMillis() / unit;
        long n = rnd.nextInt(4) == 0 ? max : 1 + (rnd.nextInt(2) == 0 ? rnd.nextInt(100) : (long) (rnd.nextDouble() * max));
        return Duration.ofMillis(Math.min(n, max) * unit);
    }

    /** About {@code length} characters (at most that many) of pieces, valid as a resource unless {@code value}. */
    private String text(int length, boolean value) {
        StringBuilder sb = new StringBuilder();
        while (true) {
            String piece = value && rnd.nextInt(6) == 0 ? VALUE_ONLY[rnd.nextInt(VALUE_ONLY.length)]
                    : rnd.nextInt(3) == 0 ? PIECES[rnd.nextInt(PIECES.length)]
                    : String.valueOf(WORD.charAt(rnd.nextInt(WORD.length())));
            if (sb.length() + piece.length() > length) {
                return sb.isEmpty() && !value ? "x" : sb.toString();
            }
            sb.append(piece);
        }
    }

    private String word(int length) {
        return random(WORD, length);
    }

    private String visibleAscii(int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append((char) ('!' + rnd.nextInt('~' - '!' + 1)));
        }
        return sb.toString();
    }

    private String random(String alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** 0 most often, up to {@code bound - 1}. */
    private int skewed(int bound) {
        return Math.min(rnd.nextInt(bound), rnd.nextInt(bound));
    }

    // ---- a non-canonical text of the same dial string ----

    /** A text that parses to {@code d} but is (usually) not its canonical form. */
    String noisyText(DialString d) {
        StringBuilder sb = new StringBuilder(space());
        List<String> global = new ArrayList<>();
        if (d.timeout() != null) {
            global.add("timeout=" + noisyDuration(d.timeout()));
        }
        if (d.earlyMedia() != EarlyMediaPolicy.RINGBACK || rnd.nextInt(8) == 0) {
            global.add("early_media=" + noisy(DialStringFormat.earlyMediaToken(d.earlyMedia())));
        }
        if (d.maxForwards() != DialString.DEFAULT_MAX_FORWARDS || rnd.nextInt(8) == 0) {
            global.add("max_forwards=" + "0".repeat(skewed(3)) + d.maxForwards());
        }
        addVariables(global, d.variables());
        appendOptions(sb, global, '{', '}');
        String groupSeparator = "";
        for (DialGroup g : d.groups()) {
            sb.append(groupSeparator);
            groupSeparator = space() + "|" + space();
            String targetSeparator = "";
            for (DialTarget t : g.targets()) {
                sb.append(targetSeparator);
                targetSeparator = space() + "&" + space();
                List<String> options = new ArrayList<>();
                if (t.timeout() != null) {
                    options.add("timeout=" + noisyDuration(t.timeout()));
                }
                if (t.id() != null) {
                    options.add("id=" + noisy(t.id().value()));
                }
                addVariables(options, t.variables());
                appendOptions(sb, options, '[', ']');
                sb.append(t.tech()).append('/').append(noisy(t.resource()));
            }
        }
        return sb.append(space()).toString();
    }

    private void addVariables(List<String> options, Map<String, String> variables) {
        variables.forEach((name, value) -> options.add("var." + name + "=" + noisy(value)));
    }

    private void appendOptions(StringBuilder sb, List<String> options, char open, char close) {
        if (!options.isEmpty()) {
            Collections.shuffle(options, rnd);
            sb.append(open).append(String.join(",", options)).append(close);
        }
    }

    private String noisyDuration(Duration d) {
        long ms = d.toMillis();
        List<String> forms = new ArrayList<>(List.of(ms + "ms"));
        if (ms % 1000 == 0) {
            forms.add(ms / 1000 + "s");
            forms.add(Long.toString(ms / 1000));
        }
        if (ms % 60_000 == 0) {
            forms.add(ms / 60_000 + "m");
        }
        if (ms % 3_600_000 == 0) {
            forms.add(ms / 3_600_000 + "h");
        }
        return noisy("0".repeat(skewed(3)) + forms.get(rnd.nextInt(forms.size())));
    }

    /** {@code s} with every character that must be escaped escaped, and some others too, in random hex case. */
    private String noisy(String s) {
        StringBuilder sb = new StringBuilder();
        boolean escapeMore = rnd.nextInt(4) == 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int width = Character.charCount(cp);
            if (DialStringFormat.mayAppearRaw(cp) && !(escapeMore && rnd.nextInt(3) == 0)) {
                sb.append(s, i, i + width);
            } else {
                for (byte b : s.substring(i, i + width).getBytes(StandardCharsets.UTF_8)) {
                    String hex = rnd.nextBoolean() ? "0123456789ABCDEF" : "0123456789abcdef";
                    sb.append('%').append(hex.charAt((b >> 4) & 0xF)).append(hex.charAt(b & 0xF));
                }
            }
            i += width;
        }
        return sb.toString();
    }

    private String space() {
        return switch (rnd.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\t";
            case 2 -> " \t ";
            default -> "";
        };
    }
}
