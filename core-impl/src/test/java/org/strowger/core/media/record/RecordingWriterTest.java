package org.strowger.core.media.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.strowger.api.media.MediaException;
import org.strowger.api.media.RecordOptions;
import org.strowger.api.media.RecordOptions.Format;
import org.strowger.api.media.RecordOptions.Side;
import org.strowger.api.media.RecordingResult;
import org.strowger.core.media.Signals;
import org.strowger.core.media.codec.G711;
import org.strowger.core.media.file.WavEncoding;
import org.strowger.core.media.file.WavReader;
import org.strowger.core.media.tone.ToneMeter;

/**
 * The recording writer, judged by the file it leaves: read back with WavReader it holds the audio handed over (16-bit
 * exactly, G.711 as G.711 codes it), in the options' encoding; Side.BOTH is the sample-aligned sum of the two
 * directions, and a direction that falls behind becomes silence after the bounded lag; maxDuration cuts it at the
 * exact sample; files that cannot be created or written fail finish() with a MediaException naming them; a stalled
 * disk never blocks the hand-over, which is bounded and counted.
 */
class RecordingWriterTest {
    @TempDir
    Path dir;

    private static RecordingResult await(CompletionStage<RecordingResult> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("finish did not complete", e);
        } catch (ExecutionException e) {
            throw new AssertionError("finish failed: " + e.getCause(), e.getCause());
        }
    }

    private static Throwable failure(CompletionStage<RecordingResult> stage) {
        try {
            RecordingResult r = stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("finished, but should have failed: " + r);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("finish did not complete", e);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static short[] readBack(Path file, WavEncoding encoding, int rate) throws IOException {
        try (WavReader r = WavReader.open(file)) {
            assertEquals(encoding, r.encoding());
            assertEquals(rate, r.sampleRate());
            assertEquals(1, r.channels());
            short[] x = new short[(int) r.frames()];
            int n = x.length == 0 ? 0 : r.read(x, 0, x.length);
            assertEquals(x.length, n);
            return x;
        }
    }

    /** {@code x} handed to {@code w} in 20 ms frames on one side. */
    private static void feed(RecordingWriter w, boolean read, short[] x) {
        int frame = w.sampleRate() / 50;
        for (int i = 0; i < x.length; i += frame) {
            int n = Math.min(frame, x.length - i);
            if (read) {
                w.read(x, i, n);
            } else {
                w.write(x, i, n);
            }
        }
    }

    private static short[] speech(int rate, int ms, long seed) {
        return Signals.speechLike(rate, rate * ms / 1000, 120, new double[] {600, 1300, 2400}, -16, 0.03, seed);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void oneDirectionIsWrittenAsItWasHandedOverInTheFormatAsked(Format format) throws IOException {
        Path file = dir.resolve("rec-" + format + ".wav");
        RecordingWriter w = RecordingWriter.start(new RecordOptions(file, Side.READ, format, Duration.ofMinutes(1)));
        int rate = format == Format.LINEAR_16K ? 16000 : 8000;
        assertEquals(rate, w.sampleRate());
        short[] said = speech(rate, 2730, 1);
        short[] sent = Signals.sine(rate, 1000, -10, said.length);
        feed(w, true, said);
        feed(w, false, sent); // the other direction: not recorded
        RecordingResult r = await(w.finish(RecordingResult.End.STOPPED));
        assertEquals(new RecordingResult(file, Duration.ofMillis(2730), RecordingResult.End.STOPPED), r);
        WavEncoding encoding = switch (format) {
            case LINEAR_8K, LINEAR_16K -> WavEncoding.PCM_16;
            case ULAW -> WavEncoding.MULAW;
            case ALAW -> WavEncoding.ALAW;
        };
        short[] got = readBack(file, encoding, rate);
        short[] expected = said.clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] = switch (format) {
                case ULAW -> G711.ulawToLinear(G711.linearToUlaw(said[i]));
                case ALAW -> G711.alawToLinear(G711.linearToAlaw(said[i]));
                default -> said[i];
            };
        }
        assertArrayEquals(expected, got);
        assertTrue(Signals.correlation(said, 0, got, 0, got.length) > 0.999);
    }

    @Test
    void theWriteSideAlone() throws IOException {
        Path file = dir.resolve("sent.wav");
        RecordingWriter w = RecordingWriter.start(RecordOptions.of(file).withSide(Side.WRITE));
        short[] sent = speech(8000, 1000, 2);
        feed(w, true, Signals.sine(8000, 700, -10, 8000));
        feed(w, false, sent);
        await(w.finish(RecordingResult.End.GONE));
        assertArrayEquals(sent, readBack(file, WavEncoding.PCM_16, 8000));
    }

    @Test
    void bothDirectionsAreMixedSampleForSampleThoughTheyArriveUnevenly() throws IOException {
        Path file = dir.resolve("both.wav");
        RecordingWriter w = RecordingWriter.start(RecordOptions.of(file));
        int n = 8000 * 3;
        short[] said = Signals.sine(8000, 440, -16, n);
        short[] sent = speech(8000, 3000, 3);
        // interleaved in bursts of unequal chunks; one side up to 120 ms ahead of the other
        Random random = new Random(7);
        int r = 0;
        int s = 0;
        while (r < n || s < n) {
            boolean readNext = s >= n || (r < n && (r - s < 960 && (s - r > 960 || random.nextBoolean())));
            int chunk = 40 + random.nextInt(300);
            if (readNext) {
                int k = Math.min(chunk, n - r);
                w.read(said, r, k);
                r += k;
            } else {
                int k = Math.min(chunk, n - s);
                w.write(sent, s, k);
                s += k;
            }
        }
        RecordingResult result = await(w.finish(RecordingResult.End.STOPPED));
        assertEquals(Duration.ofSeconds(3), result.duration());
        short[] got = readBack(file, WavEncoding.PCM_16, 8000);
        short[] sum = new short[n];
        for (int i = 0; i < n; i++) {
            sum[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, said[i] + sent[i]));
        }
        assertArrayEquals(sum, got);
        assertEquals(-16, ToneMeter.levelDbm0(got, 0, n, 8000, 440), 0.3, "what was said is in it");
        assertTrue(Signals.correlation(sent, 0, got, 0, n) > 0.5, "and what was sent");
    }

    @Test
    void aDirectionThatFallsBehindCountsAsSilenceAfterTheBoundedLag() throws IOException {
        Path file = dir.resolve("lag.wav");
        RecordingWriter w = RecordingWriter.start(RecordOptions.of(file));
        int lag = 8000 * RecordingWriter.MAX_LAG_MS / 1000;
        short[] said = Signals.sine(8000, 440, -16, 16000);
        double[] tone = new double[8000];
        Signals.addSine(tone, 8000, 1000, -16, 0.7); // never exactly 0, so its first sample shows where it lands
        short[] sent = Signals.toShorts(tone);
        // 0.5 s both ways, then 1 s with nothing sent (hold), then the other 0.5 s sent, then 0.5 s said alone
        for (int i = 0; i < 4000; i += 160) {
            w.read(said, i, 160);
            w.write(sent, i, 160);
        }
        for (int i = 4000; i < 12000; i += 160) {
            w.read(said, i, 160);
        }
        for (int i = 0; i < 4000; i += 160) {
            w.read(said, 12000 + i, 160);
            w.write(sent, 4000 + i, 160);
        }
        await(w.finish(RecordingResult.End.STOPPED));
        short[] got = readBack(file, WavEncoding.PCM_16, 8000);
        assertEquals(16000, got.length, "the track is as long as the direction that kept going");
        short[] placed = new short[got.length]; // the sent direction, as the file has it
        for (int i = 0; i < got.length; i++) {
            placed[i] = (short) (got[i] - said[i]);
        }
        assertArrayEquals(Arrays.copyOf(sent, 4000), Arrays.copyOf(placed, 4000), "in step while both flowed");
        // the sent audio resumed when 12000 samples had been said: it lands where the lag bound put its cursor
        int resumed = 4000;
        while (placed[resumed] == 0) {
            resumed++;
        }
        assertTrue(resumed >= 12000 - lag - 160 && resumed <= 12000 - lag + 160, "resumed at " + resumed);
        assertArrayEquals(Arrays.copyOfRange(sent, 4000, 8000), Arrays.copyOfRange(placed, resumed, resumed + 4000),
                "all of it, in order");
        for (int i = resumed + 4000; i < got.length; i++) {
            assertEquals(0, placed[i], "silence after the sent audio ended, at " + i);
        }
    }

    @Test
    void maxDurationCutsTheRecordingAtTheExactSampleAndMakesItFull() throws IOException {
        for (Side side : new Side[] {Side.READ, Side.BOTH}) {
            Path file = dir.resolve("max-" + side + ".wav");
            RecordingWriter w = RecordingWriter.start(new RecordOptions(file, side, Format.LINEAR_16K,
                    Duration.ofSeconds(1)));
            short[] said = speech(16000, 1500, 4);
            short[] quiet = new short[300];
            int chunks = 0;
            while (!w.full()) { // chunks of 300 samples: 1 s ends inside the 54th
                assertTrue(chunks < 60, "not full after " + chunks + " chunks");
                w.read(said, chunks * 300, 300);
                w.write(quiet, 0, 300);
                chunks++;
            }
            assertEquals(54, chunks, side.toString());
            w.read(said, chunks * 300, 300);
            RecordingResult r = await(w.finish(RecordingResult.End.MAX_DURATION));
            assertEquals(Duration.ofSeconds(1), r.duration());
            assertEquals(RecordingResult.End.MAX_DURATION, r.end());
            assertArrayEquals(Arrays.copyOf(said, 16000), readBack(file, WavEncoding.PCM_16, 16000));
        }
    }

    private static void assertNamesTheFile(Throwable t, Path file, String reason) {
        MediaException e = assertInstanceOf(MediaException.class, t);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static void awaitFull(RecordingWriter w) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!w.full()) {
            assertTrue(System.nanoTime() < deadline, "never became full");
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    @Test
    void aDirectoryThatCannotBeWrittenFailsFinishNamingTheFile() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path file = notADirectory.resolve("rec.wav");
        RecordingWriter w = RecordingWriter.start(RecordOptions.of(file));
        awaitFull(w); // the channel learns early that it may as well stop
        feed(w, true, speech(8000, 500, 5));
        assertNamesTheFile(failure(w.finish(RecordingResult.End.STOPPED)), file, "cannot be created");
        Path missing = dir.resolve("no-such-dir").resolve("rec.wav");
        RecordingWriter m = RecordingWriter.start(RecordOptions.of(missing));
        assertNamesTheFile(failure(m.finish(RecordingResult.End.STOPPED)), missing, "no such file or directory");
    }

    @Test
    void aReadOnlyDirectoryFailsFinish() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root writes anywhere");
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path file = readOnly.resolve("rec.wav");
        RecordingWriter w = RecordingWriter.start(RecordOptions.of(file));
        assertNamesTheFile(failure(w.finish(RecordingResult.End.STOPPED)), file, "permission denied");
    }

    @Test
    void aDiskErrorWhileWritingFailsFinishNamingTheFile() {
        Path file = dir.resolve("full-disk.wav");
        RecordingWriter w = RecordingWriter.start(RecordOptions.of(file),
                f -> GatedChannel.failing(f, "No space left on device"));
        feed(w, true, speech(8000, 1000, 6));
        awaitFull(w);
        assertNamesTheFile(failure(w.finish(RecordingResult.End.STOPPED)), file,
                "cannot be written: No space left on device");
    }

    @Test
    void aStalledDiskNeverBlocksTheHandOverWhichIsBoundedAndCounted() throws IOException {
        Path file = dir.resolve("slow.wav");
        CountDownLatch disk = new CountDownLatch(1);
        AtomicReference<GatedChannel> channel = new AtomicReference<>();
        RecordingWriter w = RecordingWriter.start(RecordOptions.of(file), f -> {
            channel.set(GatedChannel.stalled(f, disk));
            return channel.get();
        });
        short[] said = speech(8000, 10_000, 7);
        int block = 8000 * RecordingWriter.BLOCK_MS / 1000;
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < said.length; i += 160) {
                w.read(said, i, 160); // 10 s of audio while the disk is stuck on the first block
                assertTrue(w.queuedBlocks() <= RecordingWriter.MAX_QUEUED_BLOCKS, "queued " + w.queuedBlocks());
            }
        }, "handing audio over blocked");
        // the writer thread may start late on a loaded machine: it reaches the disk, and sticks, in its own time
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((channel.get() == null || channel.get().blockedWrites.get() == 0) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        assertTrue(channel.get().blockedWrites.get() >= 1, "the writer was stuck in the disk");
        assertEquals(RecordingWriter.MAX_QUEUED_BLOCKS, w.queuedBlocks());
        assertEquals(block, w.droppedSamples(), "the first block that did not fit; nothing is taken after it");
        assertTrue(w.full());
        CompletionStage<RecordingResult> finished = w.finish(RecordingResult.End.STOPPED);
        assertFalse(finished.toCompletableFuture().isDone(), "still writing");
        disk.countDown();
        assertNamesTheFile(failure(finished), file, "did not keep up");
        // the file is complete up to the loss: the blocks that were queued
        int kept = RecordingWriter.MAX_QUEUED_BLOCKS * block;
        assertArrayEquals(Arrays.copyOf(said, kept), readBack(file, WavEncoding.PCM_16, 8000));
    }

    @Test
    void finishIsOnceAndWhatComesAfterItIsIgnored() throws IOException {
        Path file = dir.resolve("once.wav");
        RecordingWriter w = RecordingWriter.start(RecordOptions.of(file).withSide(Side.READ));
        short[] said = speech(8000, 500, 8);
        feed(w, true, said);
        CompletionStage<RecordingResult> first = w.finish(RecordingResult.End.STOPPED);
        assertSame(first, w.finish(RecordingResult.End.GONE));
        feed(w, true, said);
        assertEquals(new RecordingResult(file, Duration.ofMillis(500), RecordingResult.End.STOPPED), await(first));
        assertArrayEquals(said, readBack(file, WavEncoding.PCM_16, 8000));
    }
}
