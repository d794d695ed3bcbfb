package org.strowger.api;

/**
 * A caller or connected-line identity: display name and number. Both come from the network and are untrusted: they
 * are stored as given (up to {@link #MAX_LENGTH} characters) and escaped by the core whenever it logs them.
 *
 * @param name display name, possibly empty, never null
 * @param number number or user part, possibly empty, never null
 */
public record Party(String name, String number) {
    /** Longest name or number accepted. */
    public static final int MAX_LENGTH = 256;
    /** No identity. */
    public static final Party UNKNOWN = new Party("", "");

    /** @throws InvalidArgumentException if either part is null or longer than {@link #MAX_LENGTH} */
    public Party {
        if (name == null || number == null) {
            throw new InvalidArgumentException("party name and number must not be null (use \"\")");
        }
        if (name.length() > MAX_LENGTH || number.length() > MAX_LENGTH) {
            throw new InvalidArgumentException("party name and number are limited to " + MAX_LENGTH + " characters");
        }
    }

    public static Party of(String name, String number) {
        return new Party(name, number);
    }
}
