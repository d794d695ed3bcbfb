package org.strowger.api;

/** Who created the channel: a tech announcing a call ({@code INBOUND}) or the core requesting one ({@code OUTBOUND}). */
public enum Direction {
    INBOUND,
    OUTBOUND
}
