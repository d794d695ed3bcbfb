package org.strowger.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The hex sequence of channel names is {@code String.format("%08x", n)}, without the formatter. */
class ChannelNameTest {
    @Test
    void sequenceNumbersAreEightHexDigitsOrMore() {
        for (long n : new long[] {0, 1, 0x2a, 0xfffffff, 0xffffffffL, 0x100000000L, Long.MAX_VALUE}) {
            assertEquals(String.format("%08x", n), CoreImpl.hex8(n), Long.toString(n));
        }
    }
}
