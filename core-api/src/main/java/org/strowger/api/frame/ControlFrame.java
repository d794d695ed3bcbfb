package org.strowger.api.frame;

import org.strowger.api.InvalidArgumentException;
import org.strowger.api.Party;

/**
 * A control indication. {@link Control#CONNECTED_LINE} carries the new identity in {@code party}; every other
 * control carries {@code null}.
 *
 * @param control the indication
 * @param party the connected-line identity, for {@code CONNECTED_LINE} only
 */
public record ControlFrame(Control control, Party party) implements Frame {
    public ControlFrame {
        if (control == null) {
            throw new InvalidArgumentException("control must not be null");
        }
        if ((control == Control.CONNECTED_LINE) != (party != null)) {
            throw new InvalidArgumentException("a party is required for CONNECTED_LINE and only for it");
        }
    }

    /** A control that carries no party. */
    public static ControlFrame of(Control control) {
        return new ControlFrame(control, null);
    }

    /** A connected-line update. */
    public static ControlFrame connectedLine(Party party) {
        return new ControlFrame(Control.CONNECTED_LINE, party);
    }
}
