package org.strowger.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.strowger.api.ChannelId;
import org.strowger.api.EndpointUsage;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.Party;
import org.strowger.api.frame.MediaFormat;

/**
 * A call arriving from the network, as a tech announces it.
 *
 * @param resource who the call comes from on this tech (e.g. a SIP peer); becomes part of the channel name;
 *     untrusted, 1..256 characters, control characters are escaped in the name
 * @param destination what was dialled (e.g. the request URI's user part); untrusted, may be empty
 * @param caller the caller identity
 * @param variables initial variables
 * @param id a tech-chosen channel id, or {@code null} to generate one
 * @param endpoint the endpoint the channel counts against for usage limits
 *     ({@link org.strowger.api.ChannelCore#setUsageLimit}), or {@code null} for the default {@code tech/resource}
 *     (this tech's name and {@code resource}); 1..{@value EndpointUsage#MAX_ENDPOINT_LENGTH} characters without
 *     control characters
 * @param offeredFormats the formats the caller offered, in its order of preference (an SDP offer's codecs);
 *     immutable, empty if unknown. The core gives them to the techs of channels requested on this call's behalf
 *     ({@link OutboundSetup#requesterFormats()}), while the tech has declared no media of its own for the channel,
 *     so they can offer the callee what the caller speaks
 */
public record InboundCall(String resource, String destination, Party caller, Map<String, String> variables, ChannelId id,
        String endpoint, List<MediaFormat> offeredFormats) {
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
        if (endpoint != null) {
            EndpointUsage.checkEndpoint(endpoint);
        }
        if (offeredFormats == null || offeredFormats.stream().anyMatch(Objects::isNull)) {
            throw new InvalidArgumentException("offered formats must not be null or hold null");
        }
        offeredFormats = List.copyOf(offeredFormats);
    }

    /** A call with the default endpoint ({@code tech/resource}) and no known formats. */
    public InboundCall(String resource, String destination, Party caller, Map<String, String> variables, ChannelId id) {
        this(resource, destination, caller, variables, id, null, List.of());
    }

    /** A call counting against {@code endpoint}, with no known formats. */
    public InboundCall(String resource, String destination, Party caller, Map<String, String> variables, ChannelId id,
            String endpoint) {
        this(resource, destination, caller, variables, id, endpoint, List.of());
    }

    /** A call from {@code resource} to {@code destination} with no caller identity. */
    public static InboundCall of(String resource, String destination) {
        return new InboundCall(resource, destination, Party.UNKNOWN, Map.of(), null);
    }

    /** The same call counting against {@code newEndpoint} (null: the default {@code tech/resource}). */
    public InboundCall withEndpoint(String newEndpoint) {
        return new InboundCall(resource, destination, caller, variables, id, newEndpoint, offeredFormats);
    }

    /** The same call offering {@code formats}, in the caller's order of preference. */
    public InboundCall withOfferedFormats(MediaFormat... formats) {
        if (formats == null) {
            throw new InvalidArgumentException("formats must not be null");
        }
        return new InboundCall(resource, destination, caller, variables, id, endpoint, Arrays.asList(formats));
    }
}
