package org.strowger.api;

/**
 * An endpoint's usage limit and how many live channels count against it (see
 * {@link ChannelCore#setUsageLimit}).
 *
 * <p>An <em>endpoint</em> is a string key naming what a channel uses on the network: a SIP peer, a trunk, a user.
 * By default an outbound channel's endpoint is {@code tech/resource} of its request ({@code SIP/alice}), and an
 * inbound channel's is {@code tech/resource} of its {@link org.strowger.spi.InboundCall} (who the call comes from);
 * {@link OutboundRequest#withEndpoint} and {@link org.strowger.spi.InboundCall#withEndpoint} name another. Keys are
 * compared exactly (case-sensitive).
 *
 * @param endpoint the key
 * @param limit the most live channels the endpoint may have; new ones beyond it are refused with
 *     {@link CommandRejectedException.Reason#ENDPOINT_BUSY}
 * @param inUse live channels counted on the endpoint now; may exceed {@code limit} after the limit was lowered
 */
public record EndpointUsage(String endpoint, int limit, int inUse) {
    /** Longest endpoint key accepted: a 32-character tech name, '/', and a 256-character resource. */
    public static final int MAX_ENDPOINT_LENGTH = 289;

    public EndpointUsage {
        checkEndpoint(endpoint);
        if (limit < 0) {
            throw new InvalidArgumentException("limit must be >= 0, was " + limit);
        }
    }

    /**
     * Checks an endpoint key: 1..{@value #MAX_ENDPOINT_LENGTH} characters without control characters.
     *
     * @return {@code endpoint}
     * @throws InvalidArgumentException if it is null or malformed
     */
    public static String checkEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isEmpty() || endpoint.length() > MAX_ENDPOINT_LENGTH) {
            throw new InvalidArgumentException("endpoint length must be 1.." + MAX_ENDPOINT_LENGTH);
        }
        for (int i = 0; i < endpoint.length(); i++) {
            if (Character.isISOControl(endpoint.charAt(i))) {
                throw new InvalidArgumentException("endpoint holds a control character at index " + i);
            }
        }
        return endpoint;
    }
}
