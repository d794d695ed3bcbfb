package org.strowger.spi;

/**
 * A channel technology (a protocol plugin: SIP, WebRTC, a test fake). The core calls it to create the tech side of
 * outbound channels; the tech announces inbound calls through its {@link TechContext}.
 *
 * <p><b>Threads.</b> {@link #start} and {@link #stop} run on the thread that registers or unregisters the tech (or the
 * thread that completes the drain). {@link #newChannel} and every {@link TechChannel} callback run on the owning
 * channel's executor: one at a time per channel, never concurrently with another callback of the same channel, so
 * per-channel tech state needs no locks. Callbacks must not block; long work belongs on the tech's own threads,
 * with results handed back through {@link ChannelSink#execute}.
 */
public interface ChannelTech {
    /**
     * The tech's name, used in dial strings and channel names: 1..32 characters of {@code [A-Za-z0-9_]}.
     * Called on any thread; must always return the same value.
     */
    String name();

    /**
     * The tech was registered. Keep {@code context} to announce inbound calls. Runs on the registering thread,
     * before any other method of the tech.
     */
    default void start(TechContext context) {
    }

    /**
     * Create the tech side of a new outbound channel for {@code setup.resource()}. Runs on the new channel's
     * executor. Keep {@code sink} for upcalls from the tech's own threads. To refuse the destination (unknown peer,
     * no capacity), return a channel and call {@code sink.hangup(cause)} with the cause to report; throwing, or
     * returning null, is a fault and hangs the channel up with {@link org.strowger.api.HangupCause#TECH_FAULT}.
     */
    TechChannel newChannel(OutboundSetup setup, ChannelSink sink);

    /**
     * The tech was unregistered (or the core shut down), all its channels are destroyed, and its executors
     * ({@link TechContext#newExecutor}) are drained, idle and closed; no other method will be called and no task of
     * the tech will run. Runs on a pool thread outside every executor. Stop your own threads here: once this returns,
     * nothing of the tech may call the core any more.
     */
    default void stop() {
    }
}
