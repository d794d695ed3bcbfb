package org.strowger.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.strowger.api.InvalidArgumentException;

/**
 * The names {@code registerTech} accepts: 1..32 characters of {@code [A-Za-z0-9_]}, exactly at each edge (the fuzz
 * test compares the rule with dial strings; this one pins the rule itself, including the error's index).
 */
class TechNameRulesTest {

    @Test
    void lettersDigitsAndUnderscoreAtEveryEdgeOfTheirRangesAreAccepted() {
        for (String ok : new String[] {"a", "z", "A", "Z", "0", "9", "_", "SIP", "pj_sip2", "Zz09_"}) {
            assertSame(ok, TechRegistration.checkName(ok), ok);
        }
    }

    @Test
    void theCharactersJustOutsideEachRangeAreRejectedWithTheirIndex() {
        // neighbours of a-z, A-Z, 0-9 in ASCII, and common separators
        for (char bad : new char[] {'`', '{', '@', '[', '/', ':', '-', '.', ' ', '\u00e9', '\n'}) {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                    () -> TechRegistration.checkName("ab" + bad + "c"), "char " + (int) bad);
            assertEquals("tech name holds an invalid character at index 2", e.getMessage());
        }
        InvalidArgumentException first = assertThrows(InvalidArgumentException.class,
                () -> TechRegistration.checkName("-x"));
        assertEquals("tech name holds an invalid character at index 0", first.getMessage());
    }

    @Test
    void theLengthMustBeOneToThirtyTwo() {
        String max = "a".repeat(32);
        assertSame(max, TechRegistration.checkName(max));
        for (String bad : new String[] {null, "", "a".repeat(33)}) {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                    () -> TechRegistration.checkName(bad));
            assertEquals("tech name length must be 1..32", e.getMessage());
        }
    }
}
