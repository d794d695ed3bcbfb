package org.strowger.api;

import java.util.Map;

/**
 * A request for a new outbound channel.
 *
 * @param tech the tech's name, e.g. {@code Fake}
 * @param resource the tech-specific destination, e.g. {@code alice} or {@code alice@10.0.0.1}; untrusted, 1..256
 *     characters without control characters
 * @param id the id to give the channel, or {@code null} to generate one
 * @param requester the channel on whose behalf this one is created (its inheritable variables and linked id pass to
 *     the new channel), or {@code null}
 * @param caller the caller identity to present
 * @param variables initial variables (same rules as {@link Channel#setVariable})
 * @param endpoint the endpoint the channel counts against for usage limits ({@link ChannelCore#setUsageLimit}), or
 *     {@code null} for the default {@code tech/resource}; 1..{@value EndpointUsage#MAX_ENDPOINT_LENGTH} characters
 *     without control characters
 */
public record OutboundRequest(String tech, String resource, ChannelId id, Channel requester, Party caller,
        Map<String, String> variables, String endpoint) {
    /** Longest resource accepted. */
    public static final int MAX_RESOURCE_LENGTH = 256;

    public OutboundRequest {
        if (tech == null || tech.isEmpty()) {
            throw new InvalidArgumentException("tech must not be null or empty");
        }
        if (resource == null || resource.isEmpty() || resource.length() > MAX_RESOURCE_LENGTH) {
            throw new InvalidArgumentException("resource length must be 1.." + MAX_RESOURCE_LENGTH);
        }
        for (int i = 0; i < resource.length(); i++) {
            if (Character.isISOControl(resource.charAt(i))) {
                throw new InvalidArgumentException("resource holds a control character at index " + i);
            }
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
    }

    /** A request with the default endpoint ({@code tech/resource}). */
    public OutboundRequest(String tech, String resource, ChannelId id, Channel requester, Party caller,
            Map<String, String> variables) {
        this(tech, resource, id, requester, caller, variables, null);
    }

    /** A request for {@code tech}/{@code resource} with a generated id and nothing else. */
    public static OutboundRequest of(String tech, String resource) {
        return new OutboundRequest(tech, resource, null, null, Party.UNKNOWN, Map.of());
    }

    public OutboundRequest withId(ChannelId newId) {
        return new OutboundRequest(tech, resource, newId, requester, caller, variables, endpoint);
    }

    public OutboundRequest withRequester(Channel newRequester) {
        return new OutboundRequest(tech, resource, id, newRequester, caller, variables, endpoint);
    }

    public OutboundRequest withCaller(Party newCaller) {
        return new OutboundRequest(tech, resource, id, requester, newCaller, variables, endpoint);
    }

    public OutboundRequest withVariables(Map<String, String> newVariables) {
        return new OutboundRequest(tech, resource, id, requester, caller, newVariables, endpoint);
    }

    /** The same request counting against {@code newEndpoint} (null: the default {@code tech/resource}). */
    public OutboundRequest withEndpoint(String newEndpoint) {
        return new OutboundRequest(tech, resource, id, requester, caller, variables, newEndpoint);
    }

    /** The endpoint the channel will count against: {@link #endpoint()} if set, else {@code tech/resource}. */
    public String endpointKey() {
        return endpoint != null ? endpoint : tech + '/' + resource;
    }
}
