package org.strowger.core.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.strowger.core.media.Signals;

class G711Test {
    private static long expansionCrc(boolean ulaw) {
        CRC32 crc = new CRC32();
        for (int c = 0; c < 256; c++) {
            short v = ulaw ? G711.ulawToLinear((byte) c) : G711.alawToLinear((byte) c);
            crc.update(v & 0xFF);
            crc.update((v >> 8) & 0xFF);
        }
        return crc.getValue();
    }

    @Test
    void expansionTablesAreTheStandardOnes() {
        // CRC32 of the 256 expansions as 16-bit little endian, identical to SoX's G.711 tables (checked at
        // development time); and some well-known points
        assertEquals(0x0c847a9fL, expansionCrc(true));
        assertEquals(0x9d764657L, expansionCrc(false));
        assertEquals(-32124, G711.ulawToLinear((byte) 0x00));
        assertEquals(32124, G711.ulawToLinear((byte) 0x80));
        assertEquals(0, G711.ulawToLinear((byte) 0xFF));
        assertEquals(0, G711.ulawToLinear((byte) 0x7F));
        assertEquals(8, G711.alawToLinear((byte) 0xD5));
        assertEquals(-8, G711.alawToLinear((byte) 0x55));
        assertEquals(32256, G711.alawToLinear((byte) 0xAA));
        assertEquals(-32256, G711.alawToLinear((byte) 0x2A));
    }

    @Test
    void compressionHitsTheKnownCodes() {
        assertEquals((byte) 0xFF, G711.linearToUlaw(0));
        assertEquals((byte) 0x80, G711.linearToUlaw(32767));
        assertEquals((byte) 0x00, G711.linearToUlaw(-32768));
        assertEquals((byte) 0xD5, G711.linearToAlaw(0));
        assertEquals((byte) 0xAA, G711.linearToAlaw(32767));
        assertEquals((byte) 0x2A, G711.linearToAlaw(-32768));
        assertEquals((byte) 0x55, G711.linearToAlaw(-1));
    }

    @Test
    void everyCodeSurvivesExpandAndCompress() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            byte u = G711.linearToUlaw(G711.ulawToLinear(code));
            assertEquals(c == 0x7F ? (byte) 0xFF : code, u, "mu-law " + c); // 0x7F is the negative zero
            assertEquals(code, G711.linearToAlaw(G711.alawToLinear(code)), "A-law " + c);
        }
    }

    @Test
    void quantizationIsMonotonicAndWithinHalfAStep() {
        int previousU = Integer.MIN_VALUE;
        int previousA = Integer.MIN_VALUE;
        for (int x = -32768; x <= 32767; x++) {
            int u = G711.ulawToLinear(G711.linearToUlaw(x));
            int a = G711.alawToLinear(G711.linearToAlaw(x));
            assertTrue(u >= previousU && a >= previousA, "monotonic at " + x);
            previousU = u;
            previousA = a;
            int magnitude = Math.min(Math.abs(x), 32000);
            // steps double per segment: mu-law 8 << segment (from 0), A-law 16 << segment (segments 0 and 1 equal)
            int uStep = 8 << Math.max(0, 31 - Integer.numberOfLeadingZeros(magnitude + 132) - 7);
            int aStep = 16 << Math.max(0, 31 - Integer.numberOfLeadingZeros(Math.max(magnitude, 1) >> 3) - 4);
            if (Math.abs(x) <= 32000) {
                assertTrue(Math.abs(u - x) <= uStep / 2 + 1, "mu-law error at " + x + ": " + (u - x));
                assertTrue(Math.abs(a - x) <= aStep / 2 + 1, "A-law error at " + x + ": " + (a - x));
            }
        }
    }

    @Test
    void aSineAtMinus10Dbm0KeepsAbout38DbSnr() {
        short[] x = Signals.sine(8000, 1004, -10, 8000);
        short[] u = new short[x.length];
        short[] a = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            u[i] = G711.ulawToLinear(G711.linearToUlaw(x[i]));
            a[i] = G711.alawToLinear(G711.linearToAlaw(x[i]));
        }
        double su = Signals.snrDb(x, 0, u, 0, x.length);
        double sa = Signals.snrDb(x, 0, a, 0, x.length);
        assertTrue(su > 36 && su < 40, "mu-law SNR " + su);
        assertTrue(sa > 36 && sa < 40, "A-law SNR " + sa);
    }

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

    /** The A-law encoder of the mixer allocated an array per sample before; no coder allocates per sample. */
    @Test
    void encodingAllocatesNothing() {
        int[] sink = new int[1];
        long bytes = Signals.allocatedBytes(() -> {
            for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
                sink[0] += G711.linearToAlaw(x) + G711.linearToUlaw(x);
            }
        });
        assertTrue(bytes < 4096, bytes + " bytes allocated for 131,072 encodings");
    }
}
