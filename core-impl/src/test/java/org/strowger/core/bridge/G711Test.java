package org.strowger.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class G711Test {
    @Test
    void referencePointsOfBothLaws() {
        assertEquals((byte) 0xFF, G711.linearToUlaw(0));
        assertEquals(0, G711.ulawToLinear((byte) 0xFF));
        assertEquals(32124, G711.ulawToLinear((byte) 0x80));
        assertEquals(-32124, G711.ulawToLinear((byte) 0x00));
        assertEquals((byte) 0xD5, G711.linearToAlaw(0));
        assertEquals(8, G711.alawToLinear((byte) 0xD5));
        assertEquals(-8, G711.alawToLinear((byte) 0x55));
        assertEquals(32256, G711.alawToLinear((byte) 0xAA));
        assertEquals(-32256, G711.alawToLinear((byte) 0x2A));
    }

    @Test
    void encodingThenDecodingStaysWithinOneQuantisationStepOverTheWholeRange() {
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            int bound = (Math.abs(x) >> 4) + 16;
            int u = G711.ulawToLinear(G711.linearToUlaw(x));
            int a = G711.alawToLinear(G711.linearToAlaw(x));
            assertTrue(Math.abs(u - x) <= bound, "mu-law " + x + " -> " + u);
            assertTrue(Math.abs(a - x) <= bound, "A-law " + x + " -> " + a);
            assertTrue(Integer.signum(u) * Integer.signum(x) >= 0, "mu-law sign of " + x);
        }
    }

    @Test
    void everyCodeWordIsAFixedPointOfDecodeThenEncode() {
        for (int b = 0; b < 256; b++) {
            short u = G711.ulawToLinear((byte) b);
            assertEquals(u, G711.ulawToLinear(G711.linearToUlaw(u)), "mu-law code " + b);
            short a = G711.alawToLinear((byte) b);
            assertEquals((byte) b, G711.linearToAlaw(a), "A-law code " + b);
        }
    }

    @Test
    void encodingIsMonotonicInTheDecodedDomain() {
        int prevU = Integer.MIN_VALUE;
        int prevA = Integer.MIN_VALUE;
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x += 7) {
            int u = G711.ulawToLinear(G711.linearToUlaw(x));
            int a = G711.alawToLinear(G711.linearToAlaw(x));
            assertTrue(u >= prevU && a >= prevA, "not monotonic at " + x);
            prevU = u;
            prevA = a;
        }
    }
}
