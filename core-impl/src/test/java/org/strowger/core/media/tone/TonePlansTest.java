package org.strowger.core.media.tone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.core.media.tone.TonePlans.Tone;

class TonePlansTest {
    private static TonePlan.Segment on(double f1, double f2, int ms) {
        return new TonePlan.Segment(f1, f2, false, ms, false);
    }

    private static TonePlan.Segment off(int ms) {
        return new TonePlan.Segment(0, 0, false, ms, false);
    }

    @Test
    void theUsPlansAreThePreciseTonePlan() {
        assertEquals(List.of(on(350, 440, -1)), TonePlans.plan("us", Tone.DIAL).segments());
        assertEquals(List.of(on(440, 480, 2000), off(4000)), TonePlans.plan("us", Tone.RINGBACK).segments());
        assertEquals(List.of(on(480, 620, 500), off(500)), TonePlans.plan("us", Tone.BUSY).segments());
        assertEquals(List.of(on(480, 620, 250), off(250)), TonePlans.plan("us", Tone.CONGESTION).segments());
        assertEquals(List.of(on(440, 0, 300), off(10000)), TonePlans.plan("us", Tone.CALL_WAITING).segments());
    }

    @Test
    void theUkPlansAreBtSin350() {
        assertEquals(List.of(on(350, 440, -1)), TonePlans.plan("uk", Tone.DIAL).segments());
        assertEquals(List.of(on(400, 450, 400), off(200), on(400, 450, 400), off(2000)),
                TonePlans.plan("uk", Tone.RINGBACK).segments());
        assertEquals(List.of(on(400, 0, 375), off(375)), TonePlans.plan("uk", Tone.BUSY).segments());
        assertEquals(List.of(on(400, 0, 400), off(350), on(400, 0, 225), off(525)),
                TonePlans.plan("uk", Tone.CONGESTION).segments());
    }

    @Test
    void theCeptPlansUse425Hz() {
        assertEquals(List.of(on(425, 0, -1)), TonePlans.plan("eu", Tone.DIAL).segments());
        assertEquals(List.of(on(425, 0, 1000), off(4000)), TonePlans.plan("eu", Tone.RINGBACK).segments());
        assertEquals(List.of(on(425, 0, 500), off(500)), TonePlans.plan("eu", Tone.BUSY).segments());
        assertEquals(List.of(on(425, 0, 250), off(250)), TonePlans.plan("eu", Tone.CONGESTION).segments());
    }

    @Test
    void everyCountryHasEveryToneAndPlaysIt() {
        for (String country : TonePlans.countries()) {
            for (Tone tone : Tone.values()) {
                TonePlan plan = TonePlans.plan(country, tone);
                ToneGenerator g = new ToneGenerator(plan, 8000);
                short[] x = new short[8000];
                g.generate(x, 0, x.length);
                assertTrue(ToneMeter.totalDbm0(x, 0, 2400) > -20, country + " " + tone);
            }
        }
        assertEquals(List.of("eu", "uk", "us"), TonePlans.countries());
    }

    @Test
    void countriesAreLookedUpByCodeCaseInsensitivelyWithAliases() {
        assertEquals(TonePlans.plan("uk", Tone.BUSY), TonePlans.plan(" GB ", Tone.BUSY));
        assertEquals(TonePlans.plan("eu", Tone.BUSY), TonePlans.plan("CEPT", Tone.BUSY));
        assertEquals(TonePlans.plan("us", Tone.BUSY), TonePlans.plan("US", Tone.BUSY));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TonePlans.plan("xx", Tone.BUSY));
        assertTrue(e.getMessage().contains("'xx'") && e.getMessage().contains("[eu, uk, us]"), e.getMessage());
    }
}
