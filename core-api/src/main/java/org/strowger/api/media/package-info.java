/**
 * Media as the core handles it: a channel's formats and direction ({@link org.strowger.api.media.ChannelMedia}),
 * translation between formats ({@link org.strowger.api.media.Translator}), and the media services of a channel or a
 * bridge: playback of prompts and tones ({@link org.strowger.api.media.MediaSource},
 * {@link org.strowger.api.media.Playback}), recording ({@link org.strowger.api.media.Recording}) and digit collection
 * ({@link org.strowger.api.media.DigitCollection}). See docs/media.md.
 */
package org.strowger.api.media;
