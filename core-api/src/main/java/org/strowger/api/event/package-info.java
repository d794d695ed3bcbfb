/**
 * Typed events of a core: what happened to channels and bridges, in the order it happened, for observers such as a
 * call-record engine, an operator console or a metrics exporter. Subscribe with
 * {@link org.strowger.api.ChannelCore#subscribe(EventFilter, EventSubscriber, SubscribeOptions)}.
 *
 * <p>Every event belongs to one <em>stream</em>: a channel's ({@link ChannelScopedEvent}, numbered from 1 with
 * {@link ChannelCreated} to {@link ChannelDestroyed}) or a bridge's ({@link BridgeScopedEvent}, numbered from 1 with
 * {@link BridgeCreated}). A stream is written by its owner's executor only, so its sequence numbers increase by one per
 * event, and every subscriber receives each stream in that order.
 */
package org.strowger.api.event;
