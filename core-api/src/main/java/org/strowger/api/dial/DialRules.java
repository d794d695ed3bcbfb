package org.strowger.api.dial;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.OutboundRequest;

/**
 * Validation shared by the dial-string records and the parser. Beyond the core's own rules, everything must be
 * representable in a dial string: timeouts are whole milliseconds and texts are well-formed UTF-16 (no unpaired
 * surrogates, which UTF-8 percent escapes cannot carry). Messages give indexes, never the text.
 */
final class DialRules {
    static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    static final int MAX_TECH = 32;
    /** As core-impl's Variables. */
    static final int MAX_VARIABLE_NAME = 80;
    /** As core-impl's Variables. */
    static final int MAX_VARIABLE_VALUE = 4096;

    private DialRules() {
    }

    static void checkTech(String tech) {
        if (tech == null || tech.isEmpty() || tech.length() > MAX_TECH) {
            throw new InvalidArgumentException("tech name length must be 1.." + MAX_TECH);
        }
        for (int i = 0; i < tech.length(); i++) {
            if (!isTechChar(tech.charAt(i))) {
                throw new InvalidArgumentException("tech name holds an invalid character at index " + i);
            }
        }
    }

    static boolean isTechChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    static void checkResource(String resource) {
        OutboundRequest.of("X", resource); // the same rules as an outbound request
        checkWellFormed(resource, "resource");
    }

    static void checkTimeout(Duration timeout, String what) {
        if (timeout == null) {
            return;
        }
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidArgumentException(what + " must be 1 ms .. 24 h");
        }
        if (timeout.getNano() % 1_000_000 != 0) {
            throw new InvalidArgumentException(what + " must be a whole number of milliseconds");
        }
    }

    /**
     * Validates variables as core-impl's Variables does (a name is an optional {@code _} or {@code __} inheritance
     * prefix and then 1..80 of {@code [A-Za-z0-9_.-]}; a value is at most 4096 characters), plus: no two names may
     * differ only in their prefix (they would set the same variable), and values must be well-formed UTF-16.
     */
    static Map<String, String> checkVariables(Map<String, String> variables) {
        if (variables == null) {
            return Map.of();
        }
        Set<String> bare = new HashSet<>();
        variables.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new InvalidArgumentException("variable names and values must not be null");
            }
            int prefix = variablePrefix(k);
            int bad = badVariableNameIndex(k, prefix);
            if (bad >= 0) {
                throw new InvalidArgumentException(bad == k.length()
                        ? "variable name length must be 1.." + MAX_VARIABLE_NAME + " after its prefix"
                        : "variable name holds an invalid character at index " + bad);
            }
            if (!bare.add(k.substring(prefix))) {
                throw new InvalidArgumentException("two variable names differ only in their inheritance prefix");
            }
            if (v.length() > MAX_VARIABLE_VALUE) {
                throw new InvalidArgumentException("variable value longer than " + MAX_VARIABLE_VALUE);
            }
            checkWellFormed(v, "variable value");
        });
        return Map.copyOf(variables);
    }

    /** The length of the inheritance prefix of {@code name}: 2 for {@code __}, 1 for {@code _}, else 0. */
    static int variablePrefix(String name) {
        if (name.startsWith("__")) {
            return 2;
        }
        return name.startsWith("_") ? 1 : 0;
    }

    static boolean isVariableNameChar(char c) {
        return isTechChar(c) || c == '.' || c == '-';
    }

    /**
     * The index of the first invalid character of {@code name} after its prefix, {@code name.length()} if the part
     * after the prefix is empty or too long, or -1 if the name is valid.
     */
    static int badVariableNameIndex(String name, int prefix) {
        int n = name.length() - prefix;
        if (n < 1 || n > MAX_VARIABLE_NAME) {
            return name.length();
        }
        for (int i = prefix; i < name.length(); i++) {
            if (!isVariableNameChar(name.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static void checkWellFormed(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidArgumentException(what + " holds an unpaired surrogate at index " + i);
            }
        }
    }
}
