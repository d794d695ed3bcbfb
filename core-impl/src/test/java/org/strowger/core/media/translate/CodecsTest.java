package org.strowger.core.media.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.Translator;
import org.strowger.core.media.tone.ToneMeter;
import org.strowger.spi.Codec;

/**
 * The codec set: the built-in formats and costs, codecs added with {@code with} (used, and the cheaper of two for a
 * format serving), the choice of a target format, the linear decoder and encoder a mixer uses, and the errors on bad
 * input.
 */
class CodecsTest {
    private static final Codecs BUILT_IN = Codecs.builtIn();
    /** 8-bit signed linear at 8 kHz: a format no built-in codec knows. */
    private static final MediaFormat L8 = new MediaFormat("L8", MediaFormat.Kind.AUDIO, 8000, 1);

    /** 8-bit linear PCM (the top byte of each sample), counting the decoders and encoders it makes. */
    static final class EightBitCodec implements Codec {
        final MediaFormat format;
        final int cost;
        final int rate;
        final AtomicInteger made = new AtomicInteger();

        EightBitCodec(MediaFormat format, int cost) {
            this(format, cost, 8000);
        }

        EightBitCodec(MediaFormat format, int cost, int rate) {
            this.format = format;
            this.cost = cost;
            this.rate = rate;
        }

        @Override
        public MediaFormat format() {
            return format;
        }

        @Override
        public int sampleRate() {
            return rate;
        }

        @Override
        public int cost() {
            return cost;
        }

        @Override
        public Decoder newDecoder() {
            made.incrementAndGet();
            return new Decoder() {
                @Override
                public int decode(byte[] in, int offset, int length, short[] out, int outOffset) {
                    for (int i = 0; i < length; i++) {
                        out[outOffset + i] = (short) (in[offset + i] << 8);
                    }
                    return length;
                }

                @Override
                public int maxSamples(int bytes) {
                    return bytes;
                }

                @Override
                public void reset() {
                }
            };
        }

        @Override
        public Encoder newEncoder() {
            made.incrementAndGet();
            return new Encoder() {
                @Override
                public int encode(short[] in, int offset, int samples, byte[] out, int outOffset) {
                    for (int i = 0; i < samples; i++) {
                        out[outOffset + i] = (byte) ((in[offset + i] + 128) >> 8);
                    }
                    return samples;
                }

                @Override
                public int maxBytes(int samples) {
                    return samples;
                }

                @Override
                public void reset() {
                }
            };
        }
    }

    @Test
    void theBuiltInFormatsComeInOrderAndAreTranslatable() {
        assertEquals(Payloads.BUILT_IN, BUILT_IN.formats());
        for (MediaFormat f : Payloads.BUILT_IN) {
            assertTrue(BUILT_IN.translates(f), f.name());
        }
        assertFalse(BUILT_IN.translates(MediaFormat.OPUS));
        assertFalse(BUILT_IN.translates(MediaFormat.H264));
        assertFalse(BUILT_IN.translates(null));
        assertEquals(16000, BUILT_IN.sampleRate(MediaFormat.G722));
        assertEquals(8000, BUILT_IN.sampleRate(MediaFormat.ALAW));
    }

    @Test
    void linearNamesTheSixteenBitFormatOfEachRate() {
        assertSame(MediaFormat.SLIN8, Codecs.linear(8000));
        assertSame(MediaFormat.SLIN16, Codecs.linear(16000));
        assertSame(MediaFormat.SLIN24, Codecs.linear(24000));
        assertSame(MediaFormat.SLIN48, Codecs.linear(48000));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Codecs.linear(11025));
        assertTrue(e.getMessage().contains("11025"), e.getMessage());
    }

    @Test
    void costsAddTheCodecsAndTheResamplerAndAreZeroBetweenEqualFormats() {
        for (MediaFormat f : Payloads.BUILT_IN) {
            assertEquals(0, BUILT_IN.cost(f, f), f.name());
        }
        assertEquals(0, BUILT_IN.cost(MediaFormat.OPUS, MediaFormat.OPUS), "equal formats need no codec");
        assertEquals(2, BUILT_IN.cost(MediaFormat.ULAW, MediaFormat.ALAW));
        assertEquals(1, BUILT_IN.cost(MediaFormat.ULAW, MediaFormat.SLIN8));
        assertEquals(1, BUILT_IN.cost(MediaFormat.SLIN8, MediaFormat.ULAW));
        int resample16 = Codecs.resampleCost(8000, 16000);
        int resample48 = Codecs.resampleCost(8000, 48000);
        assertTrue(resample16 > 0 && resample48 > resample16, resample16 + ", " + resample48);
        assertEquals(resample16, Codecs.resampleCost(16000, 8000), "either way");
        assertEquals(1 + resample16, BUILT_IN.cost(MediaFormat.ULAW, MediaFormat.SLIN16));
        assertEquals(10, BUILT_IN.cost(MediaFormat.SLIN16, MediaFormat.G722), "G.722 alone, no resampling");
        assertEquals(11 + resample16, BUILT_IN.cost(MediaFormat.G722, MediaFormat.ULAW));
        assertEquals(1 + Codecs.resampleCost(48000, 8000), BUILT_IN.cost(MediaFormat.SLIN48, MediaFormat.ULAW));
        assertEquals(Integer.MAX_VALUE, BUILT_IN.cost(MediaFormat.ULAW, MediaFormat.OPUS));
        assertEquals(Integer.MAX_VALUE, BUILT_IN.cost(MediaFormat.OPUS, MediaFormat.ULAW));
    }

    @Test
    void anAddedCodecTranslatesItsFormat() {
        EightBitCodec l8 = new EightBitCodec(L8, 3);
        Codecs codecs = BUILT_IN.with(List.of(l8));
        List<MediaFormat> expected = new ArrayList<>(Payloads.BUILT_IN);
        expected.add(L8);
        assertEquals(expected, codecs.formats(), "built-ins first");
        assertTrue(codecs.translates(L8));
        assertFalse(BUILT_IN.translates(L8), "with makes a new set; the built-in one is unchanged");
        assertEquals(4, codecs.cost(MediaFormat.ULAW, L8));

        // a 1 kHz tone from mu-law into the new format, 8-bit samples read by hand
        byte[] ulaw = Payloads.encode(MediaFormat.ULAW, Payloads.tone(8000, 1000, 500));
        Translator t = codecs.translator(MediaFormat.ULAW, L8);
        List<VoiceFrame> out = new ArrayList<>();
        for (VoiceFrame f : Payloads.frames20ms(MediaFormat.ULAW, ulaw, 800)) {
            VoiceFrame y = t.translate(f);
            assertEquals(L8, y.format());
            assertEquals(160, y.samples());
            out.add(y);
        }
        byte[] bytes = Payloads.concat(out);
        short[] y = new short[bytes.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (short) (bytes[i] << 8);
        }
        assertEquals(1000, ToneMeter.dominantFrequency(y, 800, 1600, 8000, 500, 1500), 0.5);
        assertEquals(-13, ToneMeter.levelDbm0(y, 800, y.length - 800, 8000, 1000), 0.5);

        // and back from it, through a resampler, into G.722
        VoiceFrame g722 = codecs.translator(L8, MediaFormat.G722).translate(out.get(10));
        assertEquals(MediaFormat.G722, g722.format());
        assertEquals(320, g722.samples());
        assertEquals(2 * out.get(10).timestamp(), g722.timestamp());
    }

    @Test
    void ofTwoCodecsForOneFormatTheCheaperServes() {
        for (boolean cheaperFirst : new boolean[] {true, false}) {
            EightBitCodec dear = new EightBitCodec(L8, 7);
            EightBitCodec cheap = new EightBitCodec(L8, 2);
            Codecs codecs = BUILT_IN.with(cheaperFirst ? List.of(cheap, dear) : List.of(dear, cheap));
            assertEquals(1, codecs.formats().stream().filter(L8::equals).count());
            assertEquals(3, codecs.cost(MediaFormat.ULAW, L8), "cheaper first: " + cheaperFirst);
            codecs.translator(MediaFormat.ULAW, L8);
            codecs.translator(L8, MediaFormat.ALAW);
            assertEquals(2, cheap.made.get(), "cheaper first: " + cheaperFirst);
            assertEquals(0, dear.made.get(), "cheaper first: " + cheaperFirst);
        }
        // on equal costs the one added last serves, in one call or across calls
        EightBitCodec first = new EightBitCodec(L8, 2);
        EightBitCodec second = new EightBitCodec(L8, 2);
        EightBitCodec third = new EightBitCodec(L8, 2);
        BUILT_IN.with(List.of(first)).with(List.of(second, third)).translator(L8, MediaFormat.ULAW);
        assertEquals(0, first.made.get());
        assertEquals(0, second.made.get());
        assertEquals(1, third.made.get());
    }

    @Test
    void anAddedCodecReplacesABuiltInUnlessDearer() {
        EightBitCodec cheapUlaw = new EightBitCodec(MediaFormat.ULAW, 0);
        Codecs cheaper = BUILT_IN.with(List.of(cheapUlaw));
        assertEquals(Payloads.BUILT_IN, cheaper.formats(), "the replaced format keeps its place");
        assertEquals(1, cheaper.cost(MediaFormat.ULAW, MediaFormat.ALAW));
        VoiceFrame y = cheaper.translator(MediaFormat.SLIN8, MediaFormat.ULAW)
                .translate(new VoiceFrame(MediaFormat.SLIN8, new byte[] {0, 0x12, 0, 0x34}, 2, 0));
        assertEquals(1, cheapUlaw.made.get());
        assertEquals(0x12, y.payloadByte(0), "the added codec's encoding, not G.711's");
        assertEquals(0x34, y.payloadByte(1));

        EightBitCodec dearUlaw = new EightBitCodec(MediaFormat.ULAW, 5);
        Codecs dearer = BUILT_IN.with(List.of(dearUlaw));
        assertEquals(2, dearer.cost(MediaFormat.ULAW, MediaFormat.ALAW));
        dearer.translator(MediaFormat.SLIN8, MediaFormat.ULAW);
        assertEquals(0, dearUlaw.made.get());

        EightBitCodec equalUlaw = new EightBitCodec(MediaFormat.ULAW, 1);
        BUILT_IN.with(List.of(equalUlaw)).translator(MediaFormat.SLIN8, MediaFormat.ULAW);
        assertEquals(1, equalUlaw.made.get(), "at G.711's own cost, the added codec overrides it");
    }

    @Test
    void cheapestTargetTakesThePassThroughThenTheCheapestThenTheFirstOfEquals() {
        assertEquals(MediaFormat.ULAW, BUILT_IN.cheapestTarget(MediaFormat.ULAW,
                List.of(MediaFormat.G722, MediaFormat.SLIN8, MediaFormat.ULAW)), "pass-through, even if last");
        assertEquals(MediaFormat.ALAW, BUILT_IN.cheapestTarget(MediaFormat.ULAW,
                List.of(MediaFormat.G722, MediaFormat.SLIN16, MediaFormat.ALAW)), "no resampling beats resampling");
        assertEquals(MediaFormat.SLIN16, BUILT_IN.cheapestTarget(MediaFormat.G722,
                List.of(MediaFormat.ULAW, MediaFormat.SLIN48, MediaFormat.SLIN16)));
        Codecs codecs = BUILT_IN.with(List.of(new EightBitCodec(L8, 1))); // mu-law -> L8 costs 2, as -> A-law
        assertEquals(codecs.cost(MediaFormat.ULAW, MediaFormat.ALAW), codecs.cost(MediaFormat.ULAW, L8));
        assertEquals(L8, codecs.cheapestTarget(MediaFormat.ULAW, List.of(MediaFormat.G722, L8, MediaFormat.ALAW)));
        assertEquals(MediaFormat.ALAW, codecs.cheapestTarget(MediaFormat.ULAW,
                List.of(MediaFormat.G722, MediaFormat.ALAW, L8)));
        assertNull(BUILT_IN.cheapestTarget(MediaFormat.ULAW, List.of(MediaFormat.OPUS, L8)), "none reachable");
        assertNull(BUILT_IN.cheapestTarget(MediaFormat.ULAW, List.of()));
        assertEquals(MediaFormat.OPUS, BUILT_IN.cheapestTarget(MediaFormat.OPUS, List.of(MediaFormat.ULAW,
                MediaFormat.OPUS)), "a pass-through needs no codec");
        assertNull(BUILT_IN.cheapestTarget(MediaFormat.OPUS, List.of(MediaFormat.ULAW)));
    }

    @Test
    void theIdentityTranslatorReturnsTheFrameItself() {
        Translator t = BUILT_IN.translator(MediaFormat.G722, MediaFormat.G722);
        VoiceFrame f = new VoiceFrame(MediaFormat.G722, new byte[160], 320, 99);
        assertSame(f, t.translate(f));
        t.reset();
        assertSame(f, t.translate(f));
    }

    @Test
    void aMixerDecodesToAndEncodesFromLinearAtItsOwnRate() {
        // G.722 members mixed at 8 kHz, and a mix at 48 kHz written to a mu-law member
        byte[] g722 = Payloads.encode(MediaFormat.G722, Payloads.tone(16000, 1000, 500));
        LinearDecoder decoder = BUILT_IN.decoder(MediaFormat.G722, 8000);
        assertEquals(MediaFormat.G722, decoder.format());
        assertEquals(8000, decoder.rate());
        short[] mix = new short[4000];
        int n = 0;
        for (VoiceFrame f : Payloads.frames20ms(MediaFormat.G722, g722, 0)) {
            assertTrue(decoder.maxSamples(f.payloadLength()) >= 160);
            n += decoder.decode(f, mix, n);
        }
        assertEquals(4000, n);
        assertEquals(1000, ToneMeter.dominantFrequency(mix, 400, 1600, 8000, 500, 1500), 0.5);
        assertEquals(-13, ToneMeter.levelDbm0(mix, 400, 3600, 8000, 1000), 0.3);

        LinearEncoder encoder = BUILT_IN.encoder(MediaFormat.ULAW, 48000);
        assertEquals(48000, encoder.rate());
        short[] tone48 = Payloads.tone(48000, 1000, 500);
        List<VoiceFrame> out = new ArrayList<>();
        for (int i = 0; i < tone48.length; i += 960) {
            VoiceFrame y = encoder.encode(tone48, i, 960, i / 6);
            assertNotNull(y);
            assertEquals(160, y.samples());
            assertEquals(i / 6, y.timestamp());
            out.add(y);
        }
        short[] y = Payloads.decode(MediaFormat.ULAW, Payloads.concat(out));
        assertEquals(1000, ToneMeter.dominantFrequency(y, 400, 1600, 8000, 500, 1500), 0.5);
        assertEquals(-13, ToneMeter.levelDbm0(y, 400, 3600, 8000, 1000), 0.3);
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        Translator t = BUILT_IN.translator(MediaFormat.ULAW, MediaFormat.SLIN16);
        Translator identity = BUILT_IN.translator(MediaFormat.ULAW, MediaFormat.ULAW);
        VoiceFrame alaw = new VoiceFrame(MediaFormat.ALAW, new byte[160], 160, 0);
        rejects(() -> t.translate(null), "null");
        rejects(() -> identity.translate(null), "null");
        rejects(() -> t.translate(alaw), "PCMA/8000", "PCMU/8000");
        rejects(() -> identity.translate(alaw), "PCMA/8000", "PCMU/8000");
        rejects(() -> BUILT_IN.decoder(MediaFormat.ULAW, 8000).decode(alaw, new short[160], 0), "PCMA/8000");
        rejects(() -> BUILT_IN.translator(null, MediaFormat.ULAW), "from", "null");
        rejects(() -> BUILT_IN.translator(MediaFormat.ULAW, null), "to", "null");
        rejects(() -> BUILT_IN.translator(MediaFormat.ULAW, MediaFormat.OPUS), "opus/48000/2", "PCMU/8000");
        rejects(() -> BUILT_IN.translator(L8, L8), "L8/8000");
        rejects(() -> BUILT_IN.decoder(MediaFormat.ULAW, 44100), "44100");
        rejects(() -> BUILT_IN.encoder(MediaFormat.H264, 8000), "H264/90000");
        rejects(() -> BUILT_IN.cost(null, MediaFormat.ULAW), "null");
        rejects(() -> BUILT_IN.cheapestTarget(null, List.of(MediaFormat.ULAW)), "null");
        rejects(() -> BUILT_IN.cheapestTarget(MediaFormat.ULAW, null), "null");
        rejects(() -> BUILT_IN.cheapestTarget(MediaFormat.ULAW, Arrays.asList(MediaFormat.ALAW, null)), "1", "null");
        rejects(() -> BUILT_IN.with(null), "null");
        rejects(() -> BUILT_IN.with(Arrays.asList(new EightBitCodec(L8, 1), null)), "codec 1", "null");
        rejects(() -> BUILT_IN.with(List.of(new EightBitCodec(L8, -1))), "L8/8000", "negative cost");
        rejects(() -> BUILT_IN.with(List.of(new EightBitCodec(MediaFormat.VP8, 1))), "VP8/90000", "audio");
        rejects(() -> BUILT_IN.with(List.of(new EightBitCodec(L8, 1, 11025))), "L8/8000", "11025");
    }

    private static void rejects(Executable call, String... mentions) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, call);
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "\"" + e.getMessage() + "\" should mention " + m);
        }
    }
}
