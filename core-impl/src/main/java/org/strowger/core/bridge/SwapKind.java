package org.strowger.core.bridge;

/** What a swap is for: reported by an event when it completes, and a pickup hangs the member it replaces up. */
public enum SwapKind {
    PLAIN,
    BLIND_TRANSFER,
    PICKUP
}
