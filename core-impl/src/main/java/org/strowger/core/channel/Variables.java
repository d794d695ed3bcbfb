package org.strowger.core.channel;

import java.util.HashMap;
import java.util.Map;
import org.strowger.api.InvalidArgumentException;

/*
 * A channel's variables: an immutable value map (what snapshots show) and an immutable map of inheritance levels,
 * replaced together on every change and owned by the channel's executor. A name set with prefix "_" is inherited
 * one level (the child gets it as a plain variable), "__" on every level (the child keeps "__"), as Asterisk's
 * _VAR/__VAR. Names are stored without prefix.
 */
public final class Variables {
    static final int MAX_NAME = 80;
    static final int MAX_VALUE = 4096;
    public static final Variables EMPTY = new Variables(Map.of(), Map.of());
    private static final int ONCE = 1;
    private static final int ALWAYS = 2;

    public final Map<String, String> values;
    private final Map<String, Integer> inheritance;

    private Variables(Map<String, String> values, Map<String, Integer> inheritance) {
        this.values = values;
        this.inheritance = inheritance;
    }

    /** Returns a copy with {@code prefixedName} set to {@code value} (removed if null). Validates both. */
    public Variables with(String prefixedName, String value) {
        int level = levelOf(prefixedName);
        String name = checkName(prefixedName.substring(level));
        if (value != null && value.length() > MAX_VALUE) {
            throw new InvalidArgumentException("variable value longer than " + MAX_VALUE);
        }
        Map<String, String> v = new HashMap<>(values);
        Map<String, Integer> inh = new HashMap<>(inheritance);
        if (value == null) {
            v.remove(name);
            inh.remove(name);
        } else {
            v.put(name, value);
            if (level == 0) {
                inh.remove(name);
            } else {
                inh.put(name, level);
            }
        }
        return new Variables(Map.copyOf(v), Map.copyOf(inh));
    }

    /** The variables a channel created on behalf of this one starts with. */
    public Variables inherited() {
        if (inheritance.isEmpty()) {
            return EMPTY;
        }
        Map<String, String> v = new HashMap<>();
        Map<String, Integer> inh = new HashMap<>();
        inheritance.forEach((name, level) -> {
            v.put(name, values.get(name));
            if (level == ALWAYS) {
                inh.put(name, ALWAYS);
            }
        });
        return new Variables(Map.copyOf(v), Map.copyOf(inh));
    }

    /** Applies every entry of {@code vars} (prefixed names allowed). */
    public Variables withAll(Map<String, String> vars) {
        Variables r = this;
        for (Map.Entry<String, String> e : vars.entrySet()) {
            r = r.with(e.getKey(), e.getValue());
        }
        return r;
    }

    /** Validates a name and value without building anything (for synchronous argument checks). */
    public static void check(String prefixedName, String value) {
        if (prefixedName == null) {
            throw new InvalidArgumentException("variable name must not be null");
        }
        checkName(prefixedName.substring(levelOf(prefixedName)));
        if (value != null && value.length() > MAX_VALUE) {
            throw new InvalidArgumentException("variable value longer than " + MAX_VALUE);
        }
    }

    private static int levelOf(String prefixedName) {
        if (prefixedName.startsWith("__")) {
            return ALWAYS;
        }
        return prefixedName.startsWith("_") ? ONCE : 0;
    }

    private static String checkName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new InvalidArgumentException("variable name length must be 1.." + MAX_NAME + " after its prefix");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            if (!ok) {
                throw new InvalidArgumentException("variable name holds an invalid character at index " + i);
            }
        }
        return name;
    }
}
