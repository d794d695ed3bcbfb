package org.strowger.core.exec;

/**
 * A queued task that must learn when it will not run (its executor closed first), so that no accepted command is
 * ever dropped silently. Called on the thread that drains the closed executor.
 */
public interface Rejectable {
    public void reject();
}
