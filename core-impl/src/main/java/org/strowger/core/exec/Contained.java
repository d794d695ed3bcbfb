package org.strowger.core.exec;

/**
 * Runs code the core does not trust (a tech's or an application's callback, a tap, a hook, a subscriber) so that what
 * it throws is returned instead of propagated: the core's one catch clause for foreign code. Every Throwable is
 * contained except a {@link VirtualMachineError} other than {@link StackOverflowError}, which is rethrown (the JVM
 * cannot be trusted after one).
 */
public final class Contained {
    private Contained() {
    }

    /** Runs {@code code}; returns what it threw, or null. */
    public static Throwable run(Runnable code) {
        try {
            code.run();
            return null;
        } catch (Throwable t) {
            rethrowIfFatal(t);
            return t;
        }
    }

    /** Rethrows {@code t} if it is a VirtualMachineError other than a StackOverflowError. */
    public static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError e && !(t instanceof StackOverflowError)) {
            throw e;
        }
    }
}
