package org.strowger.api.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.strowger.api.InvalidArgumentException;

/**
 * Fuzzes {@link MediaFormat}'s checks (a codec name typically comes from SDP) and {@link DtmfDigit#check} (digits
 * come from RTP events and SIP INFO). Properties: only {@link InvalidArgumentException}; a format is accepted exactly
 * when its name is 1..32 of {@code [A-Za-z0-9._-]}, its clock rate positive and it has at least one channel; a digit
 * exactly when it is one of {@code 0-9 * # A-D a-d}, and comes back upper-cased.
 *
 * <p>To fuzz: {@code JAZZER_FUZZ=1 mvn -B -o test -pl core-api -Dtest='MediaFormatFuzzTest#check'
 * -Djazzer.max_duration=2m}.
 */
class MediaFormatFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void check(FuzzedDataProvider data) {
        int clockRate = data.consumeInt();
        int channels = data.consumeInt();
        MediaFormat.Kind kind = data.pickValue(MediaFormat.Kind.values());
        char digit = data.consumeChar();
        String name = data.consumeRemainingAsString();
        boolean valid = !name.isEmpty() && name.length() <= 32 && clockRate > 0 && channels >= 1
                && name.chars().allMatch(c -> (c < 0x80 && Character.isLetterOrDigit(c)) || c == '.' || c == '_' || c == '-');
        try {
            MediaFormat f = new MediaFormat(name, kind, clockRate, channels);
            assertTrue(valid, "accepted a malformed format");
            assertEquals(name, f.name());
        } catch (InvalidArgumentException e) {
            assertTrue(!valid, "refused a well-formed format");
        }
        boolean isDigit = "0123456789*#ABCDabcd".indexOf(digit) >= 0;
        try {
            assertEquals(Character.toUpperCase(digit), DtmfDigit.check(digit));
            assertTrue(isDigit, "accepted a non-digit");
        } catch (InvalidArgumentException e) {
            assertTrue(!isDigit, "refused a digit");
        }
    }
}
