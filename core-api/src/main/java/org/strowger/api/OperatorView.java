package org.strowger.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Text tables of channels and bridges for an operator's console, in the manner of Asterisk's
 * {@code core show channels}: one row per snapshot, oldest first, then a summary line. Pure functions of the snapshots
 * (see {@link ChannelCore#channelTable()} for the live ones). Every cell is printable ASCII: control characters and
 * non-ASCII characters in untrusted text (names, application names) are escaped ({@code \n}, {@code \x1b},
 * {@code \u00e9}), and a cell longer than its column's limit is cut and ends in {@code ~}, so the columns always line
 * up and no cell can start a line of its own. (Channel names arrive escaped already; their backslashes are left as
 * they are.)
 */
public final class OperatorView {
    /** Longest cell of a column before it is cut. */
    static final int MAX_ID = 32;
    static final int MAX_NAME = 40;
    static final int MAX_OWNER = 40;
    static final int MAX_MEMBERS = 60;

    private OperatorView() {
    }

    /**
     * Columns: ID, NAME, STATE, OWNER ({@code -}, {@code app <name>} or {@code bridge <id>}), DURATION (since creation,
     * {@code h:mm:ss}; until the hang-up for a channel that has ended), LINKED ID. Summary:
     * {@code N active channels, M active calls} (calls counted by distinct linked id).
     *
     * @param nowMillis the current time on the core's clock (the snapshots' clock)
     */
    public static String channelTable(Collection<ChannelSnapshot> channels, long nowMillis) {
        List<ChannelSnapshot> rows = new ArrayList<>(channels);
        rows.sort(Comparator.comparingLong(ChannelSnapshot::createdAtMillis).thenComparing(ChannelSnapshot::id));
        Table t = new Table(new String[] {"ID", "NAME", "STATE", "OWNER", "DURATION", "LINKED ID"},
                new int[] {MAX_ID, MAX_NAME, 10, MAX_OWNER, 12, MAX_ID});
        Set<ChannelId> calls = new HashSet<>();
        for (ChannelSnapshot s : rows) {
            long end = s.endedAtMillis() != 0 ? s.endedAtMillis() : nowMillis;
            t.row(s.id().value(), s.name(), s.state().name(), owner(s), duration(end - s.createdAtMillis()),
                    s.linkedId().value());
            calls.add(s.linkedId());
        }
        return t.render() + plural(rows.size(), "active channel") + ", " + plural(calls.size(), "active call") + "\n";
    }

    /**
     * Columns: ID, KIND, MODE, MEMBERS (how many), AGE (since creation, {@code h:mm:ss}), CHANNELS (the members'
     * ids, in joining order). Summary: {@code N bridges}.
     *
     * @param nowMillis the current time on the core's clock (the snapshots' clock)
     */
    public static String bridgeTable(Collection<BridgeSnapshot> bridges, long nowMillis) {
        List<BridgeSnapshot> rows = new ArrayList<>(bridges);
        rows.sort(Comparator.comparingLong(BridgeSnapshot::createdAtMillis).thenComparing(b -> b.id().value()));
        Table t = new Table(new String[] {"ID", "KIND", "MODE", "MEMBERS", "AGE", "CHANNELS"},
                new int[] {MAX_ID, 7, 9, 7, 12, MAX_MEMBERS});
        for (BridgeSnapshot b : rows) {
            List<String> ids = new ArrayList<>(b.members().size());
            b.members().forEach(id -> ids.add(id.value()));
            t.row(b.id().value(), b.kind().name(), b.destroyed() ? "DESTROYED" : b.mode().name(),
                    String.valueOf(b.members().size()), duration(nowMillis - b.createdAtMillis()),
                    String.join(",", ids));
        }
        return t.render() + plural(rows.size(), "bridge") + "\n";
    }

    private static String owner(ChannelSnapshot s) {
        return switch (s.ownerKind()) {
            case NONE -> "-";
            case APPLICATION -> "app " + s.ownerName();
            case BRIDGE -> "bridge " + s.ownerName();
        };
    }

    /** {@code h:mm:ss}; hours are not capped. */
    static String duration(long millis) {
        long s = Math.max(0, millis) / 1000;
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** Printable ASCII only, cut to {@code max} characters (the last one {@code ~} when cut). */
    static String cell(String text, int max) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), max) + 8);
        for (int i = 0; i < text.length() && b.length() <= max; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else if (c < 0x100) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        if (b.length() > max) {
            b.setLength(max - 1);
            b.append('~');
        }
        return b.toString();
    }

    /** Left-aligned columns separated by two spaces; no trailing blanks. */
    private static final class Table {
        private final String[] headers;
        private final int[] max;
        private final List<String[]> rows = new ArrayList<>();

        Table(String[] headers, int[] max) {
            this.headers = headers;
            this.max = max;
        }

        void row(String... cells) {
            String[] r = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                r[i] = cell(cells[i], max[i]);
            }
            rows.add(r);
        }

        String render() {
            int[] width = new int[headers.length];
            for (int i = 0; i < headers.length; i++) {
                width[i] = headers[i].length();
                for (String[] r : rows) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            StringBuilder out = new StringBuilder();
            line(out, headers, width);
            for (String[] r : rows) {
                line(out, r, width);
            }
            return out.toString();
        }

        private static void line(StringBuilder out, String[] cells, int[] width) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                l.append(cells[i]);
                if (i < cells.length - 1) {
                    l.append(" ".repeat(width[i] - cells[i].length() + 2));
                }
            }
            int end = l.length();
            while (end > 0 && l.charAt(end - 1) == ' ') {
                end--;
            }
            out.append(l, 0, end).append('\n');
        }
    }
}
