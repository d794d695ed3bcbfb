package org.strowger.core.channel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.strowger.api.InvalidArgumentException;

class VariablesTest {

    @Test
    void plainVariableIsStoredAndNotInherited() {
        Variables v = Variables.EMPTY.with("FOO", "1");
        assertEquals(Map.of("FOO", "1"), v.values);
        assertSame(Variables.EMPTY, v.inherited(), "nothing inheritable: the child starts empty");
    }

    @Test
    void singleUnderscoreIsInheritedOneLevelOnly() {
        Variables parent = Variables.EMPTY.with("_ACCOUNT", "42");
        assertEquals(Map.of("ACCOUNT", "42"), parent.values, "stored without its prefix");
        Variables child = parent.inherited();
        assertEquals(Map.of("ACCOUNT", "42"), child.values);
        Variables grandchild = child.inherited();
        assertEquals(Map.of(), grandchild.values, "_VAR reaches the child as a plain variable, not the grandchild");
    }

    @Test
    void doubleUnderscoreIsInheritedOnEveryLevel() {
        Variables v = Variables.EMPTY.with("__TRACE", "abc").with("LOCAL", "x");
        for (int level = 1; level <= 5; level++) {
            v = v.inherited();
            assertEquals(Map.of("TRACE", "abc"), v.values, "level " + level);
        }
    }

    @Test
    void childCanOverrideAndStopInheritance() {
        Variables child = Variables.EMPTY.with("__X", "parent").inherited();
        Variables overridden = child.with("X", "child");
        assertEquals(Map.of("X", "child"), overridden.values);
        assertEquals(Map.of(), overridden.inherited().values, "set without prefix: no longer inherited");
        Variables downgraded = child.with("_X", "once");
        assertEquals(Map.of("X", "once"), downgraded.inherited().values);
        assertEquals(Map.of(), downgraded.inherited().inherited().values);
    }

    @Test
    void nullValueRemovesTheVariableAndItsInheritance() {
        Variables v = Variables.EMPTY.with("__A", "1").with("B", "2");
        Variables removed = v.with("A", null);
        assertEquals(Map.of("B", "2"), removed.values);
        assertEquals(Map.of(), removed.inherited().values);
        assertEquals(Map.of("B", "2"), removed.with("NEVER_SET", null).values, "removing an unset name is a no-op");
    }

    @Test
    void variablesAreImmutable() {
        Variables a = Variables.EMPTY.with("A", "1");
        Variables b = a.with("B", "2");
        assertEquals(Map.of("A", "1"), a.values, "with() returns a copy");
        assertEquals(Map.of("A", "1", "B", "2"), b.values);
        assertThrows(UnsupportedOperationException.class, () -> b.values.put("C", "3"));
        assertEquals(Map.of(), Variables.EMPTY.values);
    }

    @Test
    void withAllAppliesPrefixes() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("_ONCE", "1");
        in.put("__ALWAYS", "2");
        in.put("PLAIN", "3");
        Variables v = Variables.EMPTY.withAll(in);
        assertEquals(Map.of("ONCE", "1", "ALWAYS", "2", "PLAIN", "3"), v.values);
        assertEquals(Map.of("ONCE", "1", "ALWAYS", "2"), v.inherited().values);
        assertEquals(Map.of("ALWAYS", "2"), v.inherited().inherited().values);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_", "__", "A B", "A\nB", "A=B", "A/B", "é", "A\u0000", "A\u2028"})
    void invalidNamesAreRejected(String name) {
        assertThrows(InvalidArgumentException.class, () -> Variables.check(name, "v"));
        assertThrows(InvalidArgumentException.class, () -> Variables.EMPTY.with(name, "v"));
    }

    @Test
    void nameLengthIsLimitedAfterThePrefix() {
        String max = "N".repeat(Variables.MAX_NAME);
        assertDoesNotThrow(() -> Variables.check(max, "v"));
        assertDoesNotThrow(() -> Variables.check("__" + max, "v"), "the prefix does not count");
        assertThrows(InvalidArgumentException.class, () -> Variables.check(max + "N", "v"));
        assertThrows(InvalidArgumentException.class, () -> Variables.EMPTY.with("_" + max + "N", "v"));
    }

    @Test
    void validNameCharacters() {
        Variables v = Variables.EMPTY.with("a-Z_0.9", "v").with("___LEADING", "w");
        assertEquals(Map.of("a-Z_0.9", "v", "_LEADING", "w"), v.values, "'___X' is __ plus the name _X");
    }

    @Test
    void nullNameIsRejected() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Variables.check(null, "v"));
        assertTrue(e.getMessage().contains("null"));
    }

    @Test
    void valueLengthIsLimitedButContentIsFree() {
        String max = "v".repeat(Variables.MAX_VALUE);
        assertDoesNotThrow(() -> Variables.check("A", max));
        assertEquals(max, Variables.EMPTY.with("A", max).values.get("A"));
        assertThrows(InvalidArgumentException.class, () -> Variables.check("A", max + "v"));
        assertThrows(InvalidArgumentException.class, () -> Variables.EMPTY.with("A", max + "v"));
        // values are untrusted data, stored as given (escaped only when logged)
        assertEquals("a\nb\u0000c", Variables.EMPTY.with("A", "a\nb\u0000c").values.get("A"));
        assertEquals("", Variables.EMPTY.with("A", "").values.get("A"), "empty is a value, not a removal");
        assertDoesNotThrow(() -> Variables.check("A", null), "null means remove");
    }

    @Test
    void aRejectedChangeLeavesTheOriginalUntouched() {
        Variables v = Variables.EMPTY.with("A", "1");
        assertThrows(InvalidArgumentException.class, () -> v.with("bad name", "2"));
        assertEquals(Map.of("A", "1"), v.values);
    }
}
