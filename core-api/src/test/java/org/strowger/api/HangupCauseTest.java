package org.strowger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HangupCauseTest {

    @Test
    void wellKnownQ850Codes() {
        assertEquals(1, HangupCause.UNALLOCATED.code());
        assertEquals(16, HangupCause.NORMAL_CLEARING.code());
        assertEquals(17, HangupCause.USER_BUSY.code());
        assertEquals(18, HangupCause.NO_USER_RESPONSE.code());
        assertEquals(19, HangupCause.NO_ANSWER.code());
        assertEquals(21, HangupCause.CALL_REJECTED.code());
        assertEquals(26, HangupCause.ANSWERED_ELSEWHERE.code());
        assertEquals(27, HangupCause.DESTINATION_OUT_OF_ORDER.code());
        assertEquals(34, HangupCause.NORMAL_CIRCUIT_CONGESTION.code());
        assertEquals(41, HangupCause.NORMAL_TEMPORARY_FAILURE.code());
        assertEquals(127, HangupCause.INTERWORKING.code());
        assertEquals(16, HangupCause.NORMAL_CLEARING.q850());
    }

    @Test
    void q850CausesRoundTripThroughFromQ850() {
        for (HangupCause c : HangupCause.values()) {
            if (!c.isCoreCause()) {
                assertEquals(c.code(), c.q850(), c + ": a Q.850 cause signals its own code");
                assertEquals(Optional.of(c), HangupCause.fromQ850(c.code()), c.name());
            }
        }
    }

    @Test
    void unknownCodesAreEmpty() {
        for (int code : new int[] {0, 4, 9, 15, 24, 25, 32, 128, 255, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertEquals(Optional.empty(), HangupCause.fromQ850(code), "code " + code);
        }
    }

    @Test
    void coreCausesAreNegativeAndMapToARealQ850Cause() {
        Set<Integer> codes = new HashSet<>();
        int core = 0;
        for (HangupCause c : HangupCause.values()) {
            assertTrue(codes.add(c.code()), "codes are unique: " + c);
            assertEquals(c.code() < 0, c.isCoreCause());
            Optional<HangupCause> signalled = HangupCause.fromQ850(c.q850());
            assertTrue(signalled.isPresent(), c + " signals q850 " + c.q850() + ", which must be a Q.850 cause");
            assertFalse(signalled.get().isCoreCause());
            if (c.isCoreCause()) {
                core++;
            }
        }
        assertEquals(6, core);
        assertTrue(HangupCause.ORIGINATOR_CANCEL.isCoreCause());
        assertEquals(16, HangupCause.ORIGINATOR_CANCEL.q850());
        assertEquals(HangupCause.NORMAL_TEMPORARY_FAILURE, HangupCause.fromQ850(HangupCause.TECH_FAULT.q850()).get());
        assertFalse(HangupCause.NORMAL_CLEARING.isCoreCause());
    }

    @Test
    void negativeCodesAreNotQ850Causes() {
        for (int code = -1; code >= -10; code--) {
            assertEquals(Optional.empty(), HangupCause.fromQ850(code), "code " + code);
        }
    }
}
