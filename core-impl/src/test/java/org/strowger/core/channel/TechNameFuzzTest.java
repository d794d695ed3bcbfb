package org.strowger.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.dial.DialTarget;

/**
 * Fuzzes {@link TechRegistration#checkName} (the names {@code registerTech} accepts) against the tech names a dial
 * string accepts ({@link DialTarget#of}): they must agree, or a registered tech could not be dialed (or a dial string
 * could name a tech that can never exist). Only {@link InvalidArgumentException} is thrown.
 *
 * <p>To fuzz: {@code JAZZER_FUZZ=1 mvn -B -o test -pl core-impl -am -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest='TechNameFuzzTest#checkName' -Djazzer.max_duration=2m}.
 */
class TechNameFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void checkName(FuzzedDataProvider data) {
        String name = data.consumeRemainingAsString();
        boolean registrable;
        try {
            assertSame(name, TechRegistration.checkName(name));
            registrable = true;
        } catch (InvalidArgumentException e) {
            registrable = false;
        }
        boolean dialable;
        try {
            DialTarget.of(name, "r");
            dialable = true;
        } catch (InvalidArgumentException e) {
            dialable = false;
        }
        assertEquals(registrable, dialable, "registerTech and dial strings disagree");
    }
}
