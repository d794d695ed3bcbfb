package org.strowger.core.media.play;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.strowger.api.media.MediaException;
import org.strowger.api.media.MediaSource;
import org.strowger.core.media.Signals;
import org.strowger.core.media.codec.Resampler;
import org.strowger.core.media.file.WavEncoding;
import org.strowger.core.media.tone.ToneMeter;

/**
 * WAV files through FrameSources: every supported encoding and rate, played at 8 and 16 kHz, sounds like the
 * original signal resampled (normalized correlation at least {@value #MIN_CORRELATION} at lag 0, so timing is
 * kept too, and exactly the resampled length); files that cannot be played fail the stage with a MediaException
 * naming them, off the calling thread; files are released.
 */
class WavFileSourceTest {
    /** Quantization (G.711: about 38 dB SNR, a correlation of 0.9998) is all that may differ. */
    private static final double MIN_CORRELATION = 0.999;
    /** 2.5 s: longer than the one-second read-ahead, so the file is refilled while it plays. */
    private static final int MS = 2500;

    @TempDir
    Path dir;

    static Stream<Arguments> files() {
        List<Arguments> a = new ArrayList<>();
        for (int play : new int[] {8000, 16000}) {
            for (int rate : new int[] {8000, 16000, 24000, 48000}) {
                a.add(Arguments.of(WavEncoding.PCM_16, rate, play));
            }
            a.add(Arguments.of(WavEncoding.MULAW, 8000, play));
            a.add(Arguments.of(WavEncoding.ALAW, 8000, play));
        }
        a.add(Arguments.of(WavEncoding.PCM_16, 8000, 48000));
        a.add(Arguments.of(WavEncoding.PCM_16, 48000, 24000));
        return a.stream();
    }

    private static short[] speech(int rate, long seed) {
        return Signals.speechLike(rate, rate * MS / 1000, 130, new double[] {700, 1200, 2600}, -14, 0.03, seed);
    }

    /** {@code x} through a fresh Resampler, its group delay taken out, ceil(n * out / in) samples long. */
    static short[] resampled(short[] x, int from, int to) {
        if (from == to) {
            return x;
        }
        Resampler r = new Resampler(from, to);
        short[] padded = Arrays.copyOf(x, x.length + from / 100); // 10 ms of zeros push the tail out
        short[] out = new short[Resampler.maxOutput(from, to, padded.length)];
        int n = r.process(padded, 0, padded.length, out, 0);
        int length = (int) (((long) x.length * to + from - 1) / from);
        assertTrue(n >= r.delay() + length);
        return Arrays.copyOfRange(out, r.delay(), r.delay() + length);
    }

    @ParameterizedTest(name = "{0} at {1} Hz played at {2} Hz")
    @MethodSource("files")
    void aMonoFilePlaysAsItsSignalResampled(WavEncoding encoding, int rate, int play) throws IOException {
        short[] signal = speech(rate, rate + play);
        Path file = TestWavs.mono(dir.resolve("prompt.wav"), encoding, rate, signal);
        short[] got = Frames.play(MediaSource.file(file), play);
        short[] expected = resampled(signal, rate, play);
        assertEquals(expected.length, got.length, "samples played");
        double c = Signals.correlation(expected, 0, got, 0, expected.length);
        assertTrue(c >= MIN_CORRELATION, "correlation " + c);
    }

    @Test
    void aStereoFileIsMixedDownThenResampled() throws IOException {
        short[] left = speech(16000, 1);
        short[] right = Signals.sine(16000, 300, -12, left.length);
        Path file = TestWavs.stereo(dir.resolve("stereo.wav"), 16000, left, right);
        short[] mono = new short[left.length];
        for (int i = 0; i < mono.length; i++) {
            mono[i] = (short) ((left[i] + right[i]) >> 1);
        }
        for (int play : new int[] {8000, 16000}) {
            short[] got = Frames.play(MediaSource.file(file), play);
            short[] expected = resampled(mono, 16000, play);
            assertEquals(expected.length, got.length);
            assertTrue(Signals.correlation(expected, 0, got, 0, got.length) >= MIN_CORRELATION);
            // both channels are in it, at half their level (-6 dB)
            assertEquals(-12 - 6.02, ToneMeter.levelDbm0(got, 0, got.length, play, 300), 0.3);
        }
    }

    @Test
    void aToneKeepsItsFrequencyAndLevelAcrossRates() throws IOException {
        short[] tone = Signals.sine(48000, 1000, -10, 48000);
        Path file = TestWavs.mono(dir.resolve("tone.wav"), WavEncoding.PCM_16, 48000, tone);
        short[] got = Frames.play(MediaSource.file(file), 8000);
        assertEquals(8000, got.length);
        assertEquals(1000, ToneMeter.dominantFrequency(got, 400, 7200, 8000, 300, 3500), 0.5);
        assertEquals(-10, ToneMeter.levelDbm0(got, 400, 7200, 8000, 1000), 0.2);
    }

    private static void assertNamesTheFile(Throwable t, Path file, String reason) {
        MediaException e = assertInstanceOf(MediaException.class, t);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void aMissingFileFailsTheStageNamingIt() {
        Path file = dir.resolve("no-such-prompt.wav");
        assertNamesTheFile(Frames.failure(MediaSource.file(file), 8000), file, "no such file");
    }

    @Test
    void aFileThatIsNotAWaveFileFailsNamingIt() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.wav"), "this is not audio at all, just some text");
        assertNamesTheFile(Frames.failure(MediaSource.file(text), 8000), text, "not a RIFF file");
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, Arrays.copyOf(TestWavs.header(1, 1, 8000, 16, 1000).array(), 30));
        assertNamesTheFile(Frames.failure(MediaSource.file(cut), 8000), cut, "fmt chunk");
    }

    @Test
    void anUnsupportedFormatFailsNamingIt() throws IOException {
        Path eightBit = TestWavs.sparse(dir.resolve("8bit.wav"), 1, 1, 8000, 8, 8000);
        assertNamesTheFile(Frames.failure(MediaSource.file(eightBit), 8000), eightBit, "8-bit PCM is not supported");
        Path odd = TestWavs.sparse(dir.resolve("11k.wav"), 1, 1, 11025, 16, 22050);
        assertNamesTheFile(Frames.failure(MediaSource.file(odd), 8000), odd, "11025 Hz is not supported");
    }

    @Test
    void aDirectoryIsNotPlayed() {
        assertNamesTheFile(Frames.failure(MediaSource.file(dir), 8000), dir, "not a regular file");
    }

    @Test
    void aFileHoldingMoreThanTheLongestPlaybackIsRefused() throws IOException {
        // 24 h and 1 s of 8 kHz mu-law: 691 MB declared, sparse on disk
        long bytes = (MediaSource.MAX_DURATION.toSeconds() + 1) * 8000;
        Path huge = TestWavs.sparse(dir.resolve("huge.wav"), 7, 1, 8000, 8, bytes);
        assertNamesTheFile(Frames.failure(MediaSource.file(huge), 8000), huge, "more than the 24 hours");
        // exactly 24 h is accepted
        Path limit = TestWavs.sparse(dir.resolve("limit.wav"), 7, 1, 8000, 8, bytes - 8000);
        Frames.open(MediaSource.file(limit), 8000).close();
    }

    @Test
    void theStageCompletesOnTheFilesReaderThreadNeverTheCallers() throws Exception {
        Path file = TestWavs.mono(dir.resolve("p.wav"), WavEncoding.PCM_16, 8000, speech(8000, 3));
        Path missing = dir.resolve("missing.wav");
        Thread caller = Thread.currentThread();
        int offThread = 0;
        for (int i = 0; i < 40; i++) {
            AtomicReference<Thread> completer = new AtomicReference<>();
            CompletableFuture<FrameSource> f = FrameSources.open(MediaSource.file(i % 2 == 0 ? file : missing), 8000)
                    .toCompletableFuture();
            // a callback on a stage not yet complete runs on the thread that completes it, else here
            FrameSource s = f.whenComplete((x, t) -> completer.set(Thread.currentThread())).handle((x, t) -> x)
                    .get(10, TimeUnit.SECONDS);
            if (s != null) {
                s.close();
            }
            Thread t = completer.get();
            if (t != caller) {
                offThread++;
                assertTrue(t.isVirtual() && t.getName().equals("strowger-wav-reader"), t.toString());
            }
        }
        // had open() read the file itself, every stage would be complete on return and every callback run here
        assertTrue(offThread > 0, "every stage was complete when open() returned");
    }

    private long openDescriptorsOf(Path file) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd");
        Path real = file.toRealPath();
        long n = 0;
        try (Stream<Path> s = Files.list(fds)) {
            for (Path fd : s.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        n++;
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        return n;
    }

    private void awaitDescriptors(Path file, long expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (openDescriptorsOf(file) != expected && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertEquals(expected, openDescriptorsOf(file), "descriptors open on " + file);
    }

    @Test
    void closeReleasesTheFileAndIsIdempotent() throws IOException, InterruptedException {
        Path file = TestWavs.mono(dir.resolve("long.wav"), WavEncoding.PCM_16, 8000,
                Signals.sine(8000, 440, -12, 8000 * 5));
        FrameSource s = Frames.open(MediaSource.file(file), 8000);
        short[] frame = new short[160];
        for (int i = 0; i < 60; i++) { // past the first half of the read-ahead: a refill runs
            Frames.awaitReady(s, 160);
            assertEquals(160, s.next(frame));
        }
        assertEquals(1, openDescriptorsOf(file), "a file longer than the read-ahead stays open while it plays");
        s.close();
        s.close();
        awaitDescriptors(file, 0);
        assertEquals(0, s.next(frame));
        s.close();
    }

    @Test
    void aFileThatFitsTheReadAheadIsClosedOnceRead() throws IOException, InterruptedException {
        Path file = TestWavs.mono(dir.resolve("short.wav"), WavEncoding.MULAW, 8000,
                Signals.sine(8000, 440, -12, 4000));
        FrameSource s = Frames.open(MediaSource.file(file), 16000);
        awaitDescriptors(file, 0);
        assertEquals(8000, Frames.drain(s).length);
        s.close();
    }

    @Test
    void aFileCutShortWhilePlayingEndsTheSourceWithAFailureNamingIt() throws IOException {
        short[] tone = Signals.sine(8000, 440, -12, 8000 * 5);
        Path file = TestWavs.mono(dir.resolve("shrinking.wav"), WavEncoding.PCM_16, 8000, tone);
        FrameSource s = Frames.open(MediaSource.file(file), 8000);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(44 + 2 * 12000); // 1.5 s of the 5 s left
        }
        assertNull(s.failure());
        short[] got = Frames.drain(s);
        assertTrue(got.length >= 8000 && got.length <= 12000, "played " + got.length);
        assertArrayEquals(Arrays.copyOf(tone, got.length), got, "what was read is the file's");
        assertNotNull(s.failure());
        assertNamesTheFile(s.failure(), file, "could not be read to its end");
        s.close();
    }

    @Test
    void aFileNameIsEscapedInTheMessage() {
        Path file = dir.resolve("evil\u001b[31mname\u202e.wav");
        Throwable t = Frames.failure(MediaSource.file(file), 8000);
        assertEquals(-1, t.getMessage().indexOf('\u001b'), t.getMessage());
        assertEquals(-1, t.getMessage().indexOf('\u202e'), t.getMessage());
        assertTrue(t.getMessage().contains("evil\\x1b[31mname"), t.getMessage());
    }
}
