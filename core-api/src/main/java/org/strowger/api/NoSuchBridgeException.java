package org.strowger.api;

/** The bridge is unknown or has been destroyed. */
public class NoSuchBridgeException extends StrowgerException {
    private static final long serialVersionUID = 1L;

    private final transient BridgeId bridgeId;

    public NoSuchBridgeException(BridgeId bridgeId, String message) {
        super(message);
        this.bridgeId = bridgeId;
    }

    public BridgeId bridgeId() {
        return bridgeId;
    }
}
