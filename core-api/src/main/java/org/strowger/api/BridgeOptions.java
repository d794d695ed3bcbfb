package org.strowger.api;

/**
 * How to create a bridge.
 *
 * @param id the bridge's id, or {@code null} to generate one
 * @param kind {@link Kind#CALL} (two-party forwarding that switches to mixing at three members) or
 *     {@link Kind#HOLDING} (members hear nothing; for parking and hold)
 * @param dissolve when the bridge ends by itself
 */
public record BridgeOptions(BridgeId id, Kind kind, Dissolve dissolve) {
    /** What the bridge does with media. */
    public enum Kind {
        /** Two members: frames go straight from one to the other. Three or more: mixed every 20 ms. */
        CALL,
        /** Members are held: no media flows between them. */
        HOLDING
    }

    /** When the bridge dissolves on its own (members then leave with their {@link AfterBridge} policy). */
    public enum Dissolve {
        /** When a member leaves and only one is left: a plain two-party call. */
        WHEN_ONE_LEFT,
        /** When the last member leaves: a conference. */
        WHEN_EMPTY,
        /** Never: only {@link Bridge#destroy()} ends it (e.g. a parking lot). */
        NEVER
    }

    public BridgeOptions {
        if (kind == null || dissolve == null) {
            throw new InvalidArgumentException("bridge kind and dissolve policy must not be null");
        }
    }

    /** A call bridge that dissolves when one member is left. */
    public static BridgeOptions call() {
        return new BridgeOptions(null, Kind.CALL, Dissolve.WHEN_ONE_LEFT);
    }

    /** A call bridge that dissolves when empty (a conference). */
    public static BridgeOptions conference() {
        return new BridgeOptions(null, Kind.CALL, Dissolve.WHEN_EMPTY);
    }

    /** A holding bridge that lives until destroyed. */
    public static BridgeOptions holding() {
        return new BridgeOptions(null, Kind.HOLDING, Dissolve.NEVER);
    }

    public BridgeOptions withId(BridgeId newId) {
        return new BridgeOptions(newId, kind, dissolve);
    }
}
