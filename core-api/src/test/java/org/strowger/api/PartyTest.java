package org.strowger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PartyTest {

    @Test
    void nullPartsAreRejected() {
        assertThrows(InvalidArgumentException.class, () -> new Party(null, "100"));
        assertThrows(InvalidArgumentException.class, () -> new Party("Alice", null));
        assertThrows(InvalidArgumentException.class, () -> Party.of(null, null));
    }

    @Test
    void lengthIsLimited() {
        String max = "n".repeat(Party.MAX_LENGTH);
        assertEquals(max, new Party(max, max).name());
        assertThrows(InvalidArgumentException.class, () -> new Party(max + "n", ""));
        assertThrows(InvalidArgumentException.class, () -> new Party("", max + "1"));
    }

    @Test
    void unknownIsEmpty() {
        assertEquals("", Party.UNKNOWN.name());
        assertEquals("", Party.UNKNOWN.number());
        assertEquals(Party.UNKNOWN, Party.of("", ""));
    }

    @Test
    void untrustedTextIsStoredAsGiven() {
        // caller ids come from the network: stored verbatim, escaped only when logged
        Party p = Party.of("Mallory\n2026-01-01 INFO fake", "+1\u0000");
        assertEquals("Mallory\n2026-01-01 INFO fake", p.name());
        assertEquals("+1\u0000", p.number());
        assertEquals(p, Party.of("Mallory\n2026-01-01 INFO fake", "+1\u0000"));
    }
}
