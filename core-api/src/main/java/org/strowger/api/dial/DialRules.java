package org.strowger.api.dial;

import java.time.Duration;
import java.util.Map;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.OutboundRequest;

/** Validation shared by the dial-string records. */
final class DialRules {
    static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    private DialRules() {
    }

    static void checkTech(String tech) {
        if (tech == null || tech.isEmpty() || tech.length() > 32) {
            throw new InvalidArgumentException("tech name length must be 1..32");
        }
        for (int i = 0; i < tech.length(); i++) {
            char c = tech.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                throw new InvalidArgumentException("tech name holds an invalid character at index " + i);
            }
        }
    }

    static void checkResource(String resource) {
        // the same rules as an outbound request
        OutboundRequest.of("X", resource);
    }

    static void checkTimeout(Duration timeout, String what) {
        if (timeout != null && (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0)) {
            throw new InvalidArgumentException(what + " must be 1 ms .. 24 h");
        }
    }

    static Map<String, String> checkVariables(Map<String, String> variables) {
        if (variables == null) {
            return Map.of();
        }
        variables.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new InvalidArgumentException("variable names and values must not be null");
            }
        });
        return Map.copyOf(variables);
    }
}
