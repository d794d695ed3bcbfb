package org.strowger.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.Translator;
import org.strowger.core.media.translate.Codecs;

/**
 * The cost of translating one 20 ms frame on each built-in path that a core's media paths take, against two
 * baselines on the same input frames in the same run: {@code arraycopy}, the frame's payload copied out with
 * System.arraycopy (what a translation's decoder does first), and {@code copy}, that and a new VoiceFrame of those
 * bytes (what handing on any new frame costs: its allocation and its payload copy). Divide {@code translate} by
 * {@code arraycopy} of the same path for the ratio. The baselines depend only on the source format, so one path per
 * source format is enough for them ({@code -p path=ULAW-ALAW,...}).
 *
 * <p>The input is one second (50 frames) of a 1 kHz tone at -13 dBm0 with a little noise, encoded once in the path's
 * source format; each operation translates the next frame with one translator made at the start of the trial, so the
 * codec and resampler state and the translator's buffers carry over as on a real stream (as WriteTranslation keeps
 * one translator per stream). Every result goes to the Blackhole. Each path runs in a fork of its own, so the codec
 * call sites see one codec each: the figures are the monomorphic best case of a core that translates one path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3)
@State(Scope.Thread)
public class TranslationBenchmark {
    private static final int FRAMES = 50;
    private static final int MAX_BYTES = 1920;

    /** from-to, by the MediaFormat constants' names. */
    @Param({"ULAW-ALAW", "ALAW-ULAW", "ULAW-SLIN8", "SLIN8-ULAW", "ULAW-SLIN16", "SLIN16-ULAW", "SLIN16-G722",
            "G722-SLIN16", "G722-ULAW", "ULAW-G722", "SLIN48-ULAW", "ULAW-SLIN48", "SLIN48-SLIN8", "SLIN8-SLIN48",
            "SLIN8-SLIN16", "SLIN16-SLIN48", "SLIN24-SLIN16", "G722-SLIN48"})
    public String path;

    private VoiceFrame[] frames;
    private Translator translator;
    private int next;
    private final byte[] scratch = new byte[MAX_BYTES];

    @Setup(Level.Trial)
    public void setup() {
        String[] names = path.split("-");
        MediaFormat from = format(names[0]);
        MediaFormat to = format(names[1]);
        Codecs codecs = Codecs.builtIn();
        int rate = codecs.sampleRate(from);
        int n = rate / 50;
        MediaFormat linear = Codecs.linear(rate);
        Translator encode = codecs.translator(linear, from);
        frames = new VoiceFrame[FRAMES];
        Random noise = new Random(1);
        double amplitude = 22826 * Math.pow(10, -13 / 20.0);
        for (int f = 0; f < FRAMES; f++) {
            byte[] pcm = new byte[2 * n];
            for (int i = 0; i < n; i++) {
                int t = f * n + i;
                double v = amplitude * Math.sin(2 * Math.PI * 1000 * t / rate) + 30 * noise.nextGaussian();
                int s = (int) Math.round(v);
                pcm[2 * i] = (byte) s;
                pcm[2 * i + 1] = (byte) (s >> 8);
            }
            VoiceFrame in = new VoiceFrame(linear, pcm, n, (long) f * n);
            frames[f] = linear.equals(from) ? in : encode.translate(in);
        }
        translator = codecs.translator(from, to);
    }

    private static MediaFormat format(String name) {
        return switch (name) {
            case "ULAW" -> MediaFormat.ULAW;
            case "ALAW" -> MediaFormat.ALAW;
            case "SLIN8" -> MediaFormat.SLIN8;
            case "SLIN16" -> MediaFormat.SLIN16;
            case "SLIN24" -> MediaFormat.SLIN24;
            case "SLIN48" -> MediaFormat.SLIN48;
            case "G722" -> MediaFormat.G722;
            default -> throw new IllegalArgumentException("unknown format " + name);
        };
    }

    private VoiceFrame nextFrame() {
        VoiceFrame f = frames[next];
        next = next + 1 == FRAMES ? 0 : next + 1;
        return f;
    }

    /** One frame of the path translated. */
    @Benchmark
    public void translate(Blackhole bh) {
        bh.consume(translator.translate(nextFrame()));
    }

    /** Baseline: one frame of the path's source format, its payload copied into a reused array (System.arraycopy). */
    @Benchmark
    public void arraycopy(Blackhole bh) {
        VoiceFrame f = nextFrame();
        bh.consume(f.copyPayloadTo(scratch, 0));
        bh.consume(scratch);
    }

    /** Baseline: one frame of the path's source format copied out and into a new VoiceFrame (two copies). */
    @Benchmark
    public void copy(Blackhole bh) {
        VoiceFrame f = nextFrame();
        int bytes = f.copyPayloadTo(scratch, 0);
        bh.consume(new VoiceFrame(f.format(), scratch, 0, bytes, f.samples(), f.timestamp()));
    }
}
