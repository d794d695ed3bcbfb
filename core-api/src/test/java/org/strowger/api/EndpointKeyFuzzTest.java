package org.strowger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.strowger.spi.InboundCall;

/**
 * Fuzzes the endpoint-key rule ({@link EndpointUsage#checkEndpoint}) and the resource rule of
 * {@link OutboundRequest} and {@link InboundCall}, all of which take network text. Properties: only
 * {@link InvalidArgumentException}; an endpoint is accepted exactly when it has 1..289 characters and no control
 * character; an outbound resource exactly when it has 1..256 and none; an inbound one (network text, escaped in the
 * channel name) when it has 1..256 characters of any kind; the default endpoint key of an accepted request is
 * itself a valid endpoint whenever the tech is a valid tech name.
 *
 * <p>To fuzz: {@code JAZZER_FUZZ=1 mvn -B -o test -pl core-api -Dtest='EndpointKeyFuzzTest#check'
 * -Djazzer.max_duration=2m}.
 */
class EndpointKeyFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void check(FuzzedDataProvider data) {
        String text = data.consumeString(400);
        boolean endpointOk = !text.isEmpty() && text.length() <= EndpointUsage.MAX_ENDPOINT_LENGTH
                && text.chars().noneMatch(Character::isISOControl);
        try {
            assertSame(text, EndpointUsage.checkEndpoint(text));
            assertTrue(endpointOk, "accepted a malformed endpoint");
        } catch (InvalidArgumentException e) {
            assertTrue(!endpointOk, "refused a well-formed endpoint");
        }
        boolean resourceOk = !text.isEmpty() && text.length() <= OutboundRequest.MAX_RESOURCE_LENGTH
                && text.chars().noneMatch(Character::isISOControl);
        String tech = data.consumeBoolean() ? "SIP" : data.consumeAsciiString(40);
        boolean techOk = !tech.isEmpty() && tech.length() <= 32
                && tech.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
        try {
            OutboundRequest r = OutboundRequest.of(tech, text);
            assertTrue(resourceOk && !tech.isEmpty(), "accepted a malformed request");
            if (techOk) {
                assertEquals(r.endpointKey(), EndpointUsage.checkEndpoint(r.endpointKey()));
            }
        } catch (InvalidArgumentException e) {
            assertTrue(!resourceOk || tech.isEmpty(), "refused a well-formed request");
        }
        // an inbound resource is network text: any 1..256 characters (control characters are escaped in the name)
        boolean inboundOk = !text.isEmpty() && text.length() <= OutboundRequest.MAX_RESOURCE_LENGTH;
        try {
            InboundCall call = new InboundCall(text, "1", Party.UNKNOWN, Map.of(), null, null);
            assertTrue(inboundOk, "accepted a malformed inbound resource");
            assertEquals(text, call.resource());
        } catch (InvalidArgumentException e) {
            assertTrue(!inboundOk, "refused a well-formed inbound resource");
        }
    }
}
