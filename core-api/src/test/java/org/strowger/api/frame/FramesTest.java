package org.strowger.api.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.Party;

class FramesTest {

    // ---- media payloads are immutable ----

    @Test
    void voiceFrameCopiesItsPayload() {
        byte[] src = {1, 2, 3, 4};
        VoiceFrame f = new VoiceFrame(MediaFormat.ULAW, src, 4, 160);
        src[0] = 99;
        assertEquals(1, f.payloadByte(0), "mutating the source after construction does not change the frame");
        assertArrayEquals(new byte[] {1, 2, 3, 4}, f.payloadCopy());
    }

    @Test
    void payloadViewIsReadOnlyAndIndependent() {
        VoiceFrame f = new VoiceFrame(MediaFormat.ULAW, new byte[] {1, 2, 3}, 3, 0);
        ByteBuffer view = f.payload();
        assertTrue(view.isReadOnly());
        assertFalse(view.hasArray(), "no backdoor to the backing array");
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 9));
        view.get(); // moving one view's position does not affect the next
        assertEquals(3, f.payload().remaining());
        assertEquals(1, f.payload().get(0));
    }

    @Test
    void copiesOutAreCopies() {
        VoiceFrame f = new VoiceFrame(MediaFormat.ULAW, new byte[] {5, 6}, 2, 0);
        byte[] copy = f.payloadCopy();
        copy[0] = 0;
        assertEquals(5, f.payloadByte(0));
        assertNotSame(f.payloadCopy(), f.payloadCopy());
        byte[] dst = new byte[4];
        assertEquals(2, f.copyPayloadTo(dst, 1));
        assertArrayEquals(new byte[] {0, 5, 6, 0}, dst);
        dst[1] = 42;
        assertEquals(5, f.payloadByte(0));
        assertEquals(2, f.payloadLength());
    }

    @Test
    void videoFrameCopiesItsPayloadToo() {
        byte[] src = {7, 8};
        VideoFrame v = new VideoFrame(MediaFormat.H264, src, 9000, true);
        src[1] = 0;
        assertArrayEquals(new byte[] {7, 8}, v.payloadCopy());
        assertTrue(v.keyFrame());
        assertTrue(v.payload().isReadOnly());
    }

    @Test
    void mediaFrameValidation() {
        assertThrows(InvalidArgumentException.class, () -> new VoiceFrame(null, new byte[1], 1, 0));
        assertThrows(InvalidArgumentException.class, () -> new VoiceFrame(MediaFormat.ULAW, null, 1, 0));
        assertThrows(InvalidArgumentException.class, () -> new VoiceFrame(MediaFormat.ULAW, new byte[1], 0, 0));
        assertThrows(InvalidArgumentException.class, () -> new VoiceFrame(MediaFormat.ULAW, new byte[1], -1, 0));
        assertThrows(InvalidArgumentException.class, () -> new VoiceFrame(MediaFormat.H264, new byte[1], 1, 0),
                "voice needs an audio format");
        assertThrows(InvalidArgumentException.class, () -> new VideoFrame(MediaFormat.ULAW, new byte[1], 0, false),
                "video needs a video format");
        assertEquals(MediaFrame.MAX_PAYLOAD,
                new VoiceFrame(MediaFormat.SLIN16, new byte[MediaFrame.MAX_PAYLOAD], 1, 0).payloadLength());
        assertThrows(InvalidArgumentException.class,
                () -> new VoiceFrame(MediaFormat.SLIN16, new byte[MediaFrame.MAX_PAYLOAD + 1], 1, 0));
        assertEquals(0, new VoiceFrame(MediaFormat.ULAW, new byte[0], 1, 0).payloadLength(), "empty payload is ok");
    }

    @Test
    void mediaFrameEqualityIsByContent() {
        VoiceFrame a = new VoiceFrame(MediaFormat.ULAW, new byte[] {1, 2}, 2, 10);
        VoiceFrame b = new VoiceFrame(MediaFormat.ULAW, new byte[] {1, 2}, 2, 10);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new VoiceFrame(MediaFormat.ULAW, new byte[] {1, 3}, 2, 10));
        assertNotEquals(a, new VoiceFrame(MediaFormat.ALAW, new byte[] {1, 2}, 2, 10));
        assertNotEquals(a, new VoiceFrame(MediaFormat.ULAW, new byte[] {1, 2}, 2, 11));
        assertNotEquals(new VideoFrame(MediaFormat.VP8, new byte[] {1}, 0, true),
                new VideoFrame(MediaFormat.VP8, new byte[] {1}, 0, false));
    }

    @Test
    void onlyVoiceAndVideoUseTheMediaLane() {
        assertTrue(new VoiceFrame(MediaFormat.ULAW, new byte[1], 1, 0).isMedia());
        assertTrue(new VideoFrame(MediaFormat.VP8, new byte[1], 0, false).isMedia());
        assertFalse(new DtmfBegin('1').isMedia());
        assertFalse(new DtmfEnd('1', Duration.ZERO).isMedia());
        assertFalse(ControlFrame.of(Control.ANSWER).isMedia());
        assertFalse(new TextFrame("hi").isMedia());
        assertFalse(new ComfortNoiseFrame(40).isMedia());
        assertFalse(NullFrame.INSTANCE.isMedia());
    }

    // ---- DTMF ----

    @Test
    void everyDtmfDigitIsAccepted() {
        for (char c : "0123456789*#ABCD".toCharArray()) {
            assertEquals(c, DtmfDigit.check(c));
            assertEquals(c, new DtmfBegin(c).digit());
            assertEquals(c, new DtmfEnd(c, Duration.ofMillis(100)).digit());
        }
    }

    @Test
    void lowerCaseLettersAreUpperCased() {
        assertEquals('A', new DtmfBegin('a').digit());
        assertEquals('B', DtmfDigit.check('b'));
        assertEquals('C', new DtmfEnd('c', Duration.ZERO).digit());
        assertEquals('D', DtmfDigit.check('d'));
        assertEquals(new DtmfBegin('D'), new DtmfBegin('d'));
    }

    @ParameterizedTest
    @ValueSource(chars = {'E', 'e', 'F', 'x', ' ', '\0', '\n', '+', '/', ':', '@', '`', '\u00e9', '\u0660'})
    void otherCharactersAreNotDtmf(char c) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> DtmfDigit.check(c));
        assertTrue(e.getMessage().contains("U+"), "the message names the code point, not the raw char");
        assertThrows(InvalidArgumentException.class, () -> new DtmfBegin(c));
        assertThrows(InvalidArgumentException.class, () -> new DtmfEnd(c, Duration.ZERO));
    }

    @Test
    void dtmfDurationBounds() {
        assertEquals(Duration.ZERO, new DtmfEnd('1', Duration.ZERO).duration());
        assertEquals(DtmfEnd.MAX_DURATION, new DtmfEnd('1', Duration.ofSeconds(60)).duration());
        assertThrows(InvalidArgumentException.class, () -> new DtmfEnd('1', null));
        assertThrows(InvalidArgumentException.class, () -> new DtmfEnd('1', Duration.ofNanos(-1)));
        assertThrows(InvalidArgumentException.class, () -> new DtmfEnd('1', Duration.ofSeconds(60).plusNanos(1)));
    }

    // ---- control ----

    @Test
    void connectedLineCarriesAPartyAndNothingElseDoes() {
        Party p = Party.of("Bob", "200");
        assertEquals(p, ControlFrame.connectedLine(p).party());
        assertThrows(InvalidArgumentException.class, () -> new ControlFrame(Control.CONNECTED_LINE, null));
        assertThrows(InvalidArgumentException.class, () -> ControlFrame.connectedLine(null));
        assertThrows(InvalidArgumentException.class, () -> new ControlFrame(null, null));
    }

    @ParameterizedTest
    @EnumSource(value = Control.class, names = "CONNECTED_LINE", mode = EnumSource.Mode.EXCLUDE)
    void otherControlsRejectAParty(Control c) {
        assertNull(ControlFrame.of(c).party());
        assertEquals(c, ControlFrame.of(c).control());
        assertThrows(InvalidArgumentException.class, () -> new ControlFrame(c, Party.UNKNOWN));
    }

    // ---- formats, text, comfort noise ----

    @Test
    void builtInFormatsAreValid() {
        assertEquals(MediaFormat.Kind.AUDIO, MediaFormat.ULAW.kind());
        assertEquals(8000, MediaFormat.ALAW.clockRate());
        assertEquals(MediaFormat.Kind.VIDEO, MediaFormat.H264.kind());
        assertEquals(2, MediaFormat.OPUS.channels());
        assertEquals(new MediaFormat("PCMU", MediaFormat.Kind.AUDIO, 8000, 1), MediaFormat.ULAW);
    }

    @Test
    void mediaFormatValidation() {
        assertThrows(InvalidArgumentException.class, () -> new MediaFormat(null, MediaFormat.Kind.AUDIO, 8000, 1));
        assertThrows(InvalidArgumentException.class, () -> new MediaFormat("PCMU", null, 8000, 1));
        assertThrows(InvalidArgumentException.class, () -> new MediaFormat("", MediaFormat.Kind.AUDIO, 8000, 1));
        assertEquals(32, new MediaFormat("x".repeat(32), MediaFormat.Kind.AUDIO, 8000, 1).name().length());
        assertThrows(InvalidArgumentException.class,
                () -> new MediaFormat("x".repeat(33), MediaFormat.Kind.AUDIO, 8000, 1));
        for (String bad : new String[] {"PC MU", "PCMU\n", "PCMU/8000", "opus;x", "é", "a\u0000"}) {
            assertThrows(InvalidArgumentException.class, () -> new MediaFormat(bad, MediaFormat.Kind.AUDIO, 8000, 1),
                    bad);
        }
        assertEquals("G722.1-c_32", new MediaFormat("G722.1-c_32", MediaFormat.Kind.AUDIO, 16000, 1).name());
        assertThrows(InvalidArgumentException.class, () -> new MediaFormat("PCMU", MediaFormat.Kind.AUDIO, 0, 1));
        assertThrows(InvalidArgumentException.class, () -> new MediaFormat("PCMU", MediaFormat.Kind.AUDIO, -8000, 1));
        assertThrows(InvalidArgumentException.class, () -> new MediaFormat("PCMU", MediaFormat.Kind.AUDIO, 8000, 0));
    }

    @Test
    void textLengthIsLimited() {
        assertEquals("", new TextFrame("").text());
        String max = "t".repeat(TextFrame.MAX_LENGTH);
        assertEquals(max, new TextFrame(max).text());
        assertThrows(InvalidArgumentException.class, () -> new TextFrame(max + "t"));
        assertThrows(InvalidArgumentException.class, () -> new TextFrame(null));
        assertEquals("line1\nline2", new TextFrame("line1\nline2").text(), "untrusted text is stored as given");
    }

    @Test
    void comfortNoiseLevelBounds() {
        assertEquals(0, new ComfortNoiseFrame(0).level());
        assertEquals(127, new ComfortNoiseFrame(127).level());
        assertThrows(InvalidArgumentException.class, () -> new ComfortNoiseFrame(-1));
        assertThrows(InvalidArgumentException.class, () -> new ComfortNoiseFrame(128));
    }
}
