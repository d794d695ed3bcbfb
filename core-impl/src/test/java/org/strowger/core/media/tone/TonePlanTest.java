package org.strowger.core.media.tone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TonePlanTest {
    @Test
    void theIndicationsSyntaxParses() {
        assertThrows(IllegalArgumentException.class, () -> TonePlan.parse("350,"), "a trailing comma");
        TonePlan p = TonePlan.parse("!350+440/100, 0/50 ,425*25/200,440.5");
        assertEquals(List.of(
                new TonePlan.Segment(350, 440, false, 100, true),
                new TonePlan.Segment(0, 0, false, 50, false),
                new TonePlan.Segment(425, 25, true, 200, false),
                new TonePlan.Segment(440.5, 0, false, -1, false)), p.segments());
        assertTrue(p.repeats());
        assertTrue(p.segments().get(1).silent());
        assertFalse(p.segments().get(2).silent());
        assertEquals("!350+440/100, 0/50 ,425*25/200,440.5", p.toString());
        assertEquals(p, TonePlan.parse("!350+440/100,0/50,425*25/200,440.5"));
        assertFalse(TonePlan.parse("!440/100,!0/100").repeats());
    }

    @Test
    void errorsNameThePosition() {
        assertError("", "empty tone plan");
        assertError("   ", "empty tone plan");
        assertError("350+", "position 4");
        assertError("abc", "position 0");
        assertError("440/", "position 4");
        assertError("440/0", "position 4");
        assertError("440/x", "position 4");
        assertError(",440", "position 0");
        assertError("440/100,,0/100", "position 8");
        assertError("440 480", "position 4");
        assertError("440/100 x", "position 8");
        assertError("440/100,1.2.3/5", "position 8");
        assertError("99999/100", "above 20000");
        assertError("440/99999999999", "outside 1..3600000");
        assertError("!!440", "position 1");
        assertError("440,0/100", "segment 1 has no duration");
        assertThrows(NullPointerException.class, () -> TonePlan.parse(null));
    }

    private static void assertError(String plan, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TonePlan.parse(plan), plan);
        assertTrue(e.getMessage().contains(expected), "\"" + plan + "\": " + e.getMessage());
    }
}
