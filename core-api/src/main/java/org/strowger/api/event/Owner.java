package org.strowger.api.event;

import org.strowger.api.BridgeId;
import org.strowger.api.OwnerKind;

/**
 * Who owned a channel, as {@link OwnerChanged} reports it.
 *
 * @param kind nobody, an application or a bridge
 * @param name the application's {@code name()} (untrusted text) or the bridge id; {@code ""} for nobody
 * @param bridge the bridge for {@link OwnerKind#BRIDGE}, else null
 */
public record Owner(OwnerKind kind, String name, BridgeId bridge) {
    /** Owned by nobody (parked). */
    public static final Owner NONE = new Owner(OwnerKind.NONE, "", null);

    public Owner {
        if (kind == null || name == null || (kind == OwnerKind.BRIDGE) != (bridge != null)) {
            throw new org.strowger.api.InvalidArgumentException(
                    "an owner has a kind and a name, and a bridge exactly when its kind is BRIDGE");
        }
    }

    /** A bridge as owner. */
    public static Owner bridge(BridgeId id) {
        return new Owner(OwnerKind.BRIDGE, id.value(), id);
    }

    /** An application as owner. */
    public static Owner application(String name) {
        return new Owner(OwnerKind.APPLICATION, name, null);
    }
}
