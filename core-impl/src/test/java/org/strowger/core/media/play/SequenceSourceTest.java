package org.strowger.core.media.play;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.strowger.api.media.MediaException;
import org.strowger.api.media.MediaSource;
import org.strowger.core.media.Signals;
import org.strowger.core.media.file.WavEncoding;
import org.strowger.core.media.tone.ToneMeter;

/**
 * Sequences: the samples of a sequence are exactly those of its parts played one by one, concatenated (so the parts
 * play in order, none is cut and there is no gap, also where a part ends inside a frame), files in it included; a
 * file that cannot be opened fails the whole sequence, and one failing while playing ends it with that failure.
 */
class SequenceSourceTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "at {0} Hz")
    @ValueSource(ints = {8000, 16000, 48000})
    void aSequenceIsItsPartsInOrderWithNoGap(int rate) throws IOException {
        Path prompt = TestWavs.mono(dir.resolve("prompt.wav"), WavEncoding.PCM_16, 16000,
                Signals.sine(16000, 500, -12, 16000 * 1300 / 1000));
        Path beep = TestWavs.mono(dir.resolve("beep.wav"), WavEncoding.ALAW, 8000,
                Signals.sine(8000, 1400, -12, 8000 * 1530 / 1000));
        List<MediaSource> parts = List.of(
                MediaSource.file(prompt), // 1.3 s: refilled while it plays
                new MediaSource.Tone("1000", Duration.ofMillis(110)), // ends mid-frame
                MediaSource.silence(Duration.ofMillis(33)),
                new MediaSource.Digits("5", Duration.ofMillis(60), Duration.ofMillis(50)),
                MediaSource.file(beep), // opened and read ahead before the sequence starts
                MediaSource.tone("!697/45"),
                MediaSource.sequence(MediaSource.silence(Duration.ofMillis(7)),
                        new MediaSource.Tone("2000", Duration.ofMillis(25))));
        short[] expected = new short[0];
        for (MediaSource part : parts) {
            expected = Signals.concat(expected, Frames.play(part, rate));
        }
        int ms = 1300 + 110 + 33 + 110 + 1530 + 45 + 7 + 25;
        assertEquals((long) ms * rate / 1000, expected.length, "the parts' lengths add up");
        short[] got = Frames.play(new MediaSource.Sequence(parts), rate);
        assertArrayEquals(expected, got);
        // and the parts are what they should be where they should be
        int at = 1300 * rate / 1000;
        assertEquals(-12, ToneMeter.levelDbm0(got, rate / 10, rate, rate, 500), 0.3, "the prompt");
        assertEquals(-13, ToneMeter.levelDbm0(got, at, rate / 10, rate, 1000), 0.3, "then the tone");
    }

    @Test
    void aFileThatCannotBeOpenedFailsTheSequenceNamingItAndReleasesTheOthers() throws IOException,
            InterruptedException {
        Path good = TestWavs.mono(dir.resolve("good.wav"), WavEncoding.PCM_16, 8000,
                Signals.sine(8000, 440, -12, 8000 * 3));
        Path bad = Files.writeString(dir.resolve("bad.wav"), "RIFF....WAVEjunk");
        Throwable t = Frames.failure(MediaSource.sequence(MediaSource.file(good), MediaSource.digits("1"),
                MediaSource.file(bad)), 8000);
        MediaException e = assertInstanceOf(MediaException.class, t);
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds));
        Path real = good.toRealPath();
        long deadline = System.nanoTime() + 5_000_000_000L;
        long open;
        do {
            Thread.sleep(2);
            try (Stream<Path> s = Files.list(fds)) {
                open = s.filter(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).equals(real);
                    } catch (IOException gone) {
                        return false;
                    }
                }).count();
            }
        } while (open > 0 && System.nanoTime() < deadline);
        assertEquals(0, open, "the file that did open was closed");
    }

    @Test
    void aPartFailingWhilePlayingEndsTheSequenceWithItsFailure() throws IOException {
        short[] tone = Signals.sine(8000, 440, -12, 8000 * 4);
        Path file = TestWavs.mono(dir.resolve("shrinks.wav"), WavEncoding.PCM_16, 8000, tone);
        FrameSource s = Frames.open(MediaSource.sequence(MediaSource.file(file),
                MediaSource.silence(Duration.ofSeconds(1))), 8000);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(44 + 2 * 10000);
        }
        short[] got = Frames.drain(s);
        assertTrue(got.length >= 8000 && got.length <= 10000, "the silence after it was not played: " + got.length);
        assertNotNull(s.failure());
        assertTrue(s.failure().getMessage().contains(file.toString()), s.failure().getMessage());
        s.close();
    }
}
