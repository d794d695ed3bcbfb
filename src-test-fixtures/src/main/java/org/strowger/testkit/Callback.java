package org.strowger.testkit;

/**
 * One recorded tech callback.
 *
 * @param name callback name ({@code newChannel}, {@code call}, {@code answer}, {@code hangup}, {@code write},
 *     {@code indicate}, {@code dtmfBegin}, {@code dtmfEnd}, {@code sendText}, {@code comfortNoise}, {@code bridged},
 *     {@code unbridged}, {@code close})
 * @param argument the callback's argument, or null
 * @param thread the name of the thread it ran on
 * @param onOwnerExecutor whether it ran on the channel's own executor (it must)
 */
public record Callback(String name, Object argument, String thread, boolean onOwnerExecutor) {
}
