package org.strowger.core.media.translate;

import org.strowger.spi.Codec;

/*
 * A codec whose payload length alone says how many samples it holds (G.711, 16-bit linear, G.722 at 64 kbit/s). The
 * encoder side of a translation stamps its frames with this count; for any other codec it takes the number of linear
 * samples it encoded, at the format's clock rate.
 */
interface ConstantRateCodec extends Codec {
    /** Samples per channel, at the format's clock rate, in a payload of {@code bytes} bytes. */
    int samplesIn(int bytes);
}
