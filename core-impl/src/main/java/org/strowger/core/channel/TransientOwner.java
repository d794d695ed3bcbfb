package org.strowger.core.channel;

import org.strowger.api.Application;

/**
 * An application that owns a channel only for a while and never takes it back: a dial's leg application, which owns
 * a leg while it rings. A channel that leaves one for a bridge returns to nobody when that bridge lets it go with
 * RETURN_TO_APPLICATION (it is parked), not to the transient owner.
 */
public interface TransientOwner extends Application {
}
