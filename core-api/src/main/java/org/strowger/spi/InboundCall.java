package org.strowger.spi;

import java.util.Map;
import org.strowger.api.ChannelId;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.Party;

/**
 * A call arriving from the network, as a tech announces it.
 *
 * @param resource who the call comes from on this tech (e.g. a SIP peer); becomes part of the channel name;
 *     untrusted, 1..256 characters, control characters are escaped in the name
 * @param destination what was dialled (e.g. the request URI's user part); untrusted, may be empty
 * @param caller the caller identity
 * @param variables initial variables
 * @param id a tech-chosen channel id, or {@code null} to generate one
 */
public record InboundCall(String resource, String destination, Party caller, Map<String, String> variables, ChannelId id) {
    public InboundCall {
        if (resource == null || resource.isEmpty() || resource.length() > 256) {
            throw new InvalidArgumentException("resource length must be 1..256");
        }
        if (destination == null || destination.length() > 256) {
            throw new InvalidArgumentException("destination must not be null and at most 256 characters");
        }
        if (caller == null) {
            caller = Party.UNKNOWN;
        }
        if (variables == null) {
            variables = Map.of();
        } else {
            variables.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new InvalidArgumentException("variable names and values must not be null");
                }
            });
            variables = Map.copyOf(variables);
        }
    }

    /** A call from {@code resource} to {@code destination} with no caller identity. */
    public static InboundCall of(String resource, String destination) {
        return new InboundCall(resource, destination, Party.UNKNOWN, Map.of(), null);
    }
}
