package org.strowger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundRequestTest {

    @Test
    void minimalRequest() {
        OutboundRequest r = OutboundRequest.of("Fake", "alice");
        assertEquals("Fake", r.tech());
        assertEquals("alice", r.resource());
        assertNull(r.id());
        assertNull(r.requester());
        assertEquals(Party.UNKNOWN, r.caller());
        assertEquals(Map.of(), r.variables());
    }

    @Test
    void techIsRequired() {
        assertThrows(InvalidArgumentException.class, () -> OutboundRequest.of(null, "alice"));
        assertThrows(InvalidArgumentException.class, () -> OutboundRequest.of("", "alice"));
    }

    @Test
    void resourceLengthIsLimited() {
        assertThrows(InvalidArgumentException.class, () -> OutboundRequest.of("Fake", null));
        assertThrows(InvalidArgumentException.class, () -> OutboundRequest.of("Fake", ""));
        String max = "r".repeat(OutboundRequest.MAX_RESOURCE_LENGTH);
        assertEquals(max, OutboundRequest.of("Fake", max).resource());
        assertThrows(InvalidArgumentException.class, () -> OutboundRequest.of("Fake", max + "r"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice\n", "alice\r\nINVITE", "a\u0000b", "a\tb", "a\u001bb", "a\u007fb", "a\u0085b",
        "a\u009bb"})
    void controlCharactersInTheResourceAreRejected(String resource) {
        assertThrows(InvalidArgumentException.class, () -> OutboundRequest.of("Fake", resource));
    }

    @Test
    void printableUnicodeResourcesAreAccepted() {
        assertEquals("alice@10.0.0.1;transport=tcp", OutboundRequest.of("SIP", "alice@10.0.0.1;transport=tcp").resource());
        assertEquals("émile 日本", OutboundRequest.of("SIP", "émile 日本").resource());
    }

    @Test
    void nullVariableValuesAndNamesAreRejected() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("A", null);
        assertThrows(InvalidArgumentException.class,
                () -> new OutboundRequest("Fake", "a", null, null, Party.UNKNOWN, nullValue));
        Map<String, String> nullName = new HashMap<>();
        nullName.put(null, "v");
        assertThrows(InvalidArgumentException.class,
                () -> new OutboundRequest("Fake", "a", null, null, Party.UNKNOWN, nullName));
        assertThrows(InvalidArgumentException.class,
                () -> OutboundRequest.of("Fake", "a").withVariables(nullValue));
    }

    @Test
    void variablesAreCopiedAndImmutable() {
        Map<String, String> vars = new HashMap<>(Map.of("A", "1"));
        OutboundRequest r = OutboundRequest.of("Fake", "a").withVariables(vars);
        vars.put("B", "2");
        assertEquals(Map.of("A", "1"), r.variables(), "later changes to the caller's map do not leak in");
        assertThrows(UnsupportedOperationException.class, () -> r.variables().put("C", "3"));
        assertEquals(Map.of(), new OutboundRequest("Fake", "a", null, null, null, null).variables());
        assertEquals(Party.UNKNOWN, new OutboundRequest("Fake", "a", null, null, null, null).caller());
    }

    @Test
    void withersKeepTheOtherFields() {
        ChannelId id = ChannelId.of("mine");
        Party caller = Party.of("Alice", "100");
        OutboundRequest r = OutboundRequest.of("Fake", "bob").withId(id).withCaller(caller)
                .withVariables(Map.of("_X", "1"));
        assertSame(id, r.id());
        assertEquals(caller, r.caller());
        assertEquals(Map.of("_X", "1"), r.variables());
        assertEquals("Fake", r.tech());
        assertEquals("bob", r.resource());
        assertEquals(caller, r.withId(null).caller());
        assertNull(r.withId(null).id());
    }
}
