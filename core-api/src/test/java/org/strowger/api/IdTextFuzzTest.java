package org.strowger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the id parsers {@link ChannelId#of} and {@link BridgeId#of} (ids come from applications and, through
 * {@code InboundCall.withId}, from techs). Properties: an id is accepted exactly when it is 1..150 characters of visible
 * ASCII; otherwise {@link InvalidArgumentException} (nothing else) with a message that never echoes the text; an
 * accepted id round-trips through {@code toString}.
 *
 * <p>To fuzz: {@code JAZZER_FUZZ=1 mvn -B -o test -pl core-api -Dtest='IdTextFuzzTest#of' -Djazzer.max_duration=2m}.
 */
class IdTextFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void of(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        boolean valid = !text.isEmpty() && text.length() <= ChannelId.MAX_LENGTH
                && text.chars().allMatch(c -> c >= '!' && c <= '~');
        try {
            ChannelId c = ChannelId.of(text);
            BridgeId b = BridgeId.of(text);
            assertTrue(valid, "accepted a malformed id");
            assertEquals(c, ChannelId.of(c.toString()));
            assertEquals(b, BridgeId.of(b.toString()));
        } catch (InvalidArgumentException e) {
            assertTrue(!valid, "refused a well-formed id");
            assertTrue(text.length() < 4 || !e.getMessage().contains(text), "the message echoes the text");
        }
    }
}
