package org.strowger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelIdTest {

    @Test
    void nullIsRejected() {
        assertThrows(InvalidArgumentException.class, () -> new ChannelId(null));
        assertThrows(InvalidArgumentException.class, () -> ChannelId.of(null));
    }

    @Test
    void lengthIsOneTo150() {
        assertThrows(InvalidArgumentException.class, () -> new ChannelId(""));
        assertEquals(150, ChannelId.MAX_LENGTH);
        assertEquals("x".repeat(150), new ChannelId("x".repeat(150)).value());
        assertThrows(InvalidArgumentException.class, () -> new ChannelId("x".repeat(151)));
        assertEquals("a", new ChannelId("a").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "a b", " a", "a ", "a\tb", "a\nb", "a\rb", "a\u0000", "\u001b[31m", "a\u007f", "é",
        "a\u00a0b", "a\u2028b", "日本", "a\u0085"})
    void spacesControlsAndNonAsciiAreRejected(String value) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new ChannelId(value));
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "the message echoes no raw input");
    }

    @Test
    void everyVisibleAsciiCharacterIsAccepted() {
        StringBuilder b = new StringBuilder();
        for (char c = '!'; c <= '~'; c++) {
            b.append(c);
        }
        assertEquals(b.toString(), new ChannelId(b.toString()).value());
    }

    @Test
    void equalityIsByValue() {
        ChannelId a = new ChannelId("chan-1");
        assertEquals(a, ChannelId.of("chan-1"));
        assertEquals(a.hashCode(), ChannelId.of("chan-1").hashCode());
        assertNotEquals(a, new ChannelId("chan-2"));
        assertNotEquals(a, new ChannelId("CHAN-1"), "case-sensitive");
        assertEquals("chan-1", a.toString(), "toString is the bare value, safe to log");
    }

    @Test
    void orderingIsByValue() {
        List<ChannelId> ids = new ArrayList<>(List.of(ChannelId.of("b"), ChannelId.of("a"), ChannelId.of("c")));
        Collections.sort(ids);
        assertEquals(List.of(ChannelId.of("a"), ChannelId.of("b"), ChannelId.of("c")), ids);
        assertEquals(0, ChannelId.of("a").compareTo(ChannelId.of("a")));
        assertThrows(NullPointerException.class, () -> ChannelId.of("a").compareTo(null));
    }
}
