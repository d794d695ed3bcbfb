package org.strowger.api.event;

/** Which way a DTMF digit went, seen from the channel. */
public enum DtmfDirection {
    /** From the far end: the tech passed it to the core. */
    RECEIVED,
    /** Toward the far end: the core passed it to the tech ({@code sendDtmf}, or forwarded from a bridge peer). */
    SENT
}
