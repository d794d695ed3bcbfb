package org.strowger.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.dial.DialTarget;

/**
 * Fuzzes the variable-name rules ({@link Variables#check}, {@link Variables#with}), which every
 * {@code Channel.setVariable}, request and dial string goes through. Properties: only {@link InvalidArgumentException}
 * is thrown and its message never echoes the name or value; {@code check} and {@code with} accept exactly the same
 * inputs, which are those the dial-string rules accept for a name (so a variable a dial string carries can always be
 * set, and the reverse); an accepted set stores the value under the name without prefix, and inheritance follows the
 * prefix ({@code _}: one level, {@code __}: every level).
 *
 * <p>To fuzz: {@code JAZZER_FUZZ=1 mvn -B -o test -pl core-impl -am -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest='VariablesFuzzTest#check' -Djazzer.max_duration=2m}.
 */
class VariablesFuzzTest {

    @FuzzTest(maxDuration = "2m")
    @DictionaryEntries({"_", "__", "___", ".", "-", "X"})
    void check(FuzzedDataProvider data) {
        String name = data.consumeBoolean() ? null : data.consumeString(100);
        String value = data.consumeBoolean() ? null : data.consumeString(Variables.MAX_VALUE + 10);
        boolean checked = accepts(() -> Variables.check(name, value), name, value);
        boolean built;
        Variables v = null;
        try {
            v = name == null ? null : Variables.EMPTY.with(name, value);
            built = v != null;
        } catch (InvalidArgumentException e) {
            built = false;
        }
        assertEquals(checked, built, "check and with disagree");
        if (name == null) {
            assertFalse(checked, "a null name is refused");
            return;
        }
        boolean dialAccepts = accepts(() -> DialTarget.of("X", "r").withVariables(Map.of(name, "v")), name, value);
        if (value == null || value.length() <= Variables.MAX_VALUE) {
            assertEquals(dialAccepts, checked, "the core and dial strings disagree on the name");
        }
        if (!checked) {
            return;
        }
        int prefix = name.startsWith("__") ? 2 : name.startsWith("_") ? 1 : 0;
        String bare = name.substring(prefix);
        assertEquals(value, v.values.get(bare));
        Variables child = v.inherited();
        assertEquals(value != null && prefix > 0 ? value : null, child.values.get(bare), "one level");
        assertEquals(value != null && prefix == 2 ? value : null, child.inherited().values.get(bare), "all levels");
    }

    private static boolean accepts(Runnable r, String name, String value) {
        try {
            r.run();
            return true;
        } catch (InvalidArgumentException e) {
            String m = e.getMessage();
            assertTrue(name == null || name.length() < 3 || !m.contains(name), "message echoes the name");
            assertTrue(value == null || value.length() < 3 || !m.contains(value), "message echoes the value");
            return false;
        }
    }
}
