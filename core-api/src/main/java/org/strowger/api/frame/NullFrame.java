package org.strowger.api.frame;

/** A frame that carries nothing; used to wake a reader or keep timing. */
public enum NullFrame implements Frame {
    INSTANCE
}
