package org.strowger.api.dial;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strowger.api.ChannelId;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.OutboundRequest;

/*
 * A recursive-descent parser for dial strings (grammar in docs/dialing.md), one instance per parse. The text is
 * untrusted: it is scanned once, left to right, without regular expressions or recursion, in time and memory
 * linear in its length (which is checked first). Every check the records would make is made here first, so that
 * every error is a DialStringException carrying the position where it was found and a fixed reason that never
 * includes the text.
 */
final class DialStringParser {
    private static final long MAX_TIMEOUT_MS = DialRules.MAX_TIMEOUT.toMillis();

    private final String text;
    private final StringBuilder decoded = new StringBuilder();
    private final Set<ChannelId> ids = new HashSet<>();
    private int pos;
    private int targets;

    private DialStringParser(String text) {
        this.text = text;
    }

    static DialString parse(String text) {
        if (text == null) {
            throw new InvalidArgumentException("dial string must not be null");
        }
        if (text.length() > DialString.MAX_LENGTH) {
            throw new DialStringException(DialString.MAX_LENGTH,
                    "longer than " + DialString.MAX_LENGTH + " characters");
        }
        return new DialStringParser(text).dialString();
    }

    private DialString dialString() {
        skipSpace();
        Options global = new Options(false);
        if (!atEnd() && peek() == '{') {
            options(global, '{', '}');
        }
        List<DialGroup> groups = new ArrayList<>();
        while (true) {
            groups.add(group());
            if (atEnd()) {
                break;
            }
            pos++; // '|', the only other way a group ends
            skipSpace();
        }
        if (DialStringFormat.format(groups, global.timeout, global.earlyMedia, global.maxForwards,
                global.variables).length() > DialString.MAX_LENGTH) {
            // possible because "1" (seconds) is written "1s"
            throw new DialStringException(text.length(),
                    "canonical form longer than " + DialString.MAX_LENGTH + " characters");
        }
        return new DialString(groups, global.timeout, global.earlyMedia, global.maxForwards, global.variables);
    }

    /** A group; returns at the end of the text or at a {@code |}. */
    private DialGroup group() {
        List<DialTarget> list = new ArrayList<>();
        while (true) {
            list.add(target());
            skipSpace();
            if (atEnd() || peek() == '|') {
                return new DialGroup(list);
            }
            pos++; // '&', the only other way a target ends
            skipSpace();
        }
    }

    /** A target; returns at the end of the text or at white space, {@code &} or {@code |} after it. */
    private DialTarget target() {
        if (atEnd() || peek() == '&' || peek() == '|') {
            throw error(pos, "expected a target");
        }
        if (peek() == '{') {
            throw error(pos, "global options must come first");
        }
        if (isSpace(peek())) {
            throw error(pos, "unexpected white space");
        }
        if (++targets > DialString.MAX_TARGETS) {
            throw error(pos, "more than " + DialString.MAX_TARGETS + " targets");
        }
        Options opts = new Options(true);
        if (peek() == '[') {
            options(opts, '[', ']');
        }
        int techStart = pos;
        while (!atEnd() && DialRules.isTechChar(peek())) {
            if (pos - techStart == DialRules.MAX_TECH) {
                throw error(pos, "tech name longer than " + DialRules.MAX_TECH + " characters");
            }
            pos++;
        }
        if (atEnd() || isSeparator(peek()) || isSpace(peek())) {
            throw error(pos, "target has no '/'");
        }
        if (peek() != '/') {
            throw error(pos, "invalid character in tech name");
        }
        if (pos == techStart) {
            throw error(pos, "empty tech name");
        }
        String tech = text.substring(techStart, pos);
        pos++;
        String resource = resource();
        return new DialTarget(tech, resource, opts.timeout, opts.id, opts.variables);
    }

    private String resource() {
        int start = pos;
        decoded.setLength(0);
        while (!atEnd() && !isSeparator(peek())) {
            if (isSpace(peek())) {
                int space = pos;
                skipSpace();
                if (!atEnd() && !isSeparator(peek())) {
                    throw error(space, "white space must be percent-encoded");
                }
                break;
            }
            int at = pos;
            boolean escaped = peek() == '%';
            int cp = codePoint();
            if (escaped && Character.isISOControl(cp)) {
                throw error(at, "control character in resource");
            }
            decoded.appendCodePoint(cp);
            if (decoded.length() > OutboundRequest.MAX_RESOURCE_LENGTH) {
                throw error(at, "resource longer than " + OutboundRequest.MAX_RESOURCE_LENGTH + " characters");
            }
        }
        if (decoded.isEmpty()) {
            throw error(start, "empty resource");
        }
        return decoded.toString();
    }

    /** {@code open options close}; the text is at {@code open}. */
    private void options(Options into, char open, char close) {
        pos++;
        if (!atEnd() && peek() == close) {
            throw error(pos, "empty option list");
        }
        Set<String> keys = new HashSet<>();
        while (true) {
            int keyStart = pos;
            while (!atEnd() && DialRules.isVariableNameChar(peek())) {
                pos++;
            }
            if (atEnd()) {
                throw error(pos, "unclosed '" + open + "'");
            }
            if (peek() != '=') {
                boolean listEnds = peek() == ',' || peek() == close;
                throw error(pos, !listEnds ? "invalid character in option key"
                        : pos == keyStart ? "expected an option" : "option has no '='");
            }
            if (pos == keyStart) {
                throw error(pos, "empty option key");
            }
            String key = text.substring(keyStart, pos);
            if (!keys.add(key)) {
                throw error(keyStart, "duplicate option");
            }
            pos++;
            int valueStart = pos;
            boolean variable = key.startsWith("var.");
            String value = value(close, variable);
            if (variable) {
                into.variable(key, keyStart, value);
            } else if (value.isEmpty()) {
                throw error(valueStart, "empty option value");
            } else {
                into.set(key, keyStart, value, valueStart);
            }
            if (atEnd()) {
                throw error(pos, "unclosed '" + open + "'");
            }
            if (peek() == close) {
                pos++;
                return;
            }
            pos++; // ',', the only other way a value ends
        }
    }

    /** Decodes an option value up to the next {@code ,}, {@code close} or the end of the text. */
    private String value(char close, boolean variable) {
        decoded.setLength(0);
        while (!atEnd() && peek() != ',' && peek() != close) {
            int at = pos;
            decoded.appendCodePoint(codePoint());
            if (variable && decoded.length() > DialRules.MAX_VARIABLE_VALUE) {
                throw error(at, "variable value longer than " + DialRules.MAX_VARIABLE_VALUE + " characters");
            }
        }
        return decoded.toString();
    }

    /** One character of a resource or value, raw or percent-encoded; advances past it. */
    private int codePoint() {
        char c = peek();
        if (c == '%') {
            return escapedCodePoint();
        }
        int cp = c;
        if (Character.isHighSurrogate(c) && pos + 1 < text.length() && Character.isLowSurrogate(text.charAt(pos + 1))) {
            cp = Character.toCodePoint(c, text.charAt(pos + 1));
        } else if (Character.isSurrogate(c)) {
            throw error(pos, "unpaired surrogate");
        }
        if (!DialStringFormat.mayAppearRaw(cp)) {
            throw error(pos, DialStringFormat.isReserved(cp) ? "reserved character must be percent-encoded"
                    : isSpace(c) ? "white space must be percent-encoded"
                    : "character must be percent-encoded");
        }
        pos += Character.charCount(cp);
        return cp;
    }

    /** The code point of the UTF-8 sequence of escapes at {@code pos}; advances past them. */
    private int escapedCodePoint() {
        int start = pos;
        int b = escapedByte();
        int more;
        int cp;
        if (b < 0x80) {
            return b;
        } else if (b >= 0xC2 && b <= 0xDF) {
            more = 1;
            cp = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            more = 2;
            cp = b & 0x0F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            more = 3;
            cp = b & 0x07;
        } else {
            throw error(start, "invalid UTF-8 in percent escapes");
        }
        for (int i = 0; i < more; i++) {
            if (atEnd() || peek() != '%') {
                throw error(start, "invalid UTF-8 in percent escapes");
            }
            int next = escapedByte();
            if ((next & 0xC0) != 0x80) {
                throw error(start, "invalid UTF-8 in percent escapes");
            }
            cp = (cp << 6) | (next & 0x3F);
        }
        boolean overlong = (more == 2 && cp < 0x800) || (more == 3 && cp < 0x10000);
        if (overlong || cp > Character.MAX_CODE_POINT
                || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
            throw error(start, "invalid UTF-8 in percent escapes");
        }
        return cp;
    }

    /** The byte of the escape {@code %XX} at {@code pos}; advances past it. */
    private int escapedByte() {
        int hi = pos + 3 <= text.length() ? hex(text.charAt(pos + 1)) : -1;
        int lo = hi >= 0 ? hex(text.charAt(pos + 2)) : -1;
        if (lo < 0) {
            throw error(pos, "malformed percent escape");
        }
        pos += 3;
        return hi << 4 | lo;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }

    private void skipSpace() {
        while (!atEnd() && isSpace(peek())) {
            pos++;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isSeparator(char c) {
        return c == '&' || c == '|';
    }

    private static DialStringException error(int position, String reason) {
        return new DialStringException(position, reason);
    }

    /** The options of the dial string ({@code {}}) or of one target ({@code []}) as they are read. */
    private final class Options {
        private final boolean target;
        private final Map<String, String> variables = new HashMap<>();
        private final Set<String> bareNames = new HashSet<>();
        private Duration timeout;
        private EarlyMediaPolicy earlyMedia = EarlyMediaPolicy.RINGBACK;
        private int maxForwards = DialString.DEFAULT_MAX_FORWARDS;
        private ChannelId id;

        Options(boolean target) {
            this.target = target;
        }

        /** {@code var.NAME=value}; the key is known to hold only variable-name characters. */
        void variable(String key, int keyStart, String value) {
            String name = key.substring("var.".length());
            int nameStart = keyStart + "var.".length();
            int prefix = DialRules.variablePrefix(name);
            if (name.length() == prefix) {
                throw error(nameStart + prefix, "empty variable name");
            }
            if (name.length() - prefix > DialRules.MAX_VARIABLE_NAME) {
                throw error(nameStart + prefix + DialRules.MAX_VARIABLE_NAME,
                        "variable name longer than " + DialRules.MAX_VARIABLE_NAME + " characters");
            }
            if (!bareNames.add(name.substring(prefix))) {
                throw error(keyStart, "duplicate variable");
            }
            variables.put(name, value);
        }

        /** Any other option; {@code value} is not empty. */
        void set(String key, int keyStart, String value, int valueStart) {
            switch (key) {
                case "timeout" -> timeout = duration(value, valueStart);
                case "early_media" -> {
                    if (target) {
                        throw error(keyStart, "unknown target option");
                    }
                    earlyMedia = earlyMedia(value, valueStart);
                }
                case "max_forwards" -> {
                    if (target) {
                        throw error(keyStart, "unknown target option");
                    }
                    maxForwards = maxForwards(value, valueStart);
                }
                case "id" -> {
                    if (!target) {
                        throw error(keyStart, "unknown global option");
                    }
                    id = channelId(value, valueStart);
                }
                default -> throw error(keyStart, target ? "unknown target option" : "unknown global option");
            }
        }
    }

    /** {@code <digits>} seconds or {@code <digits>ms|s|m|h}, 1 ms .. 24 h. */
    private static Duration duration(String value, int at) {
        long n = 0;
        int i = 0;
        while (i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
            n = Math.min(n * 10 + (value.charAt(i) - '0'), MAX_TIMEOUT_MS + 1); // saturates, never overflows
            i++;
        }
        long unit = switch (value.substring(i)) {
            case "ms" -> 1;
            case "", "s" -> 1000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 0;
        };
        if (i == 0 || unit == 0) {
            throw error(at, "malformed duration");
        }
        long ms = n * unit;
        if (ms < 1 || ms > MAX_TIMEOUT_MS) {
            throw error(at, "timeout must be 1 ms .. 24 h");
        }
        return Duration.ofMillis(ms);
    }

    private static EarlyMediaPolicy earlyMedia(String value, int at) {
        for (EarlyMediaPolicy p : EarlyMediaPolicy.values()) {
            if (DialStringFormat.earlyMediaToken(p).equals(value)) {
                return p;
            }
        }
        throw error(at, "early_media must be ringback or first_progress");
    }

    private static int maxForwards(String value, int at) {
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw error(at, "malformed number");
            }
            n = Math.min(n * 10 + (c - '0'), DialString.MAX_FORWARDS_LIMIT + 1);
        }
        if (n > DialString.MAX_FORWARDS_LIMIT) {
            throw error(at, "max_forwards must be 0.." + DialString.MAX_FORWARDS_LIMIT);
        }
        return n;
    }

    private ChannelId channelId(String value, int at) {
        ChannelId id;
        try {
            id = ChannelId.of(value);
        } catch (InvalidArgumentException e) {
            throw error(at, "invalid channel id");
        }
        if (!ids.add(id)) {
            throw error(at, "duplicate channel id");
        }
        return id;
    }
}
