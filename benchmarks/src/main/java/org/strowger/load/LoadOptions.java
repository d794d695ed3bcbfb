package org.strowger.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The load driver's settings, parsed from command-line arguments ({@code --name value}). See
 * {@code docs/load-driver.md} for each option.
 *
 * @param preset "mix" (the call mix) or "media-10k" (bridged pairs carrying media only)
 * @param rate calls offered per second (mix)
 * @param concurrency most live calls; calls due beyond it are not offered (mix)
 * @param duration how long load is applied (after the warm-up)
 * @param warmup time before hop latencies are recorded (the media preset also builds its pairs first)
 * @param talk mean talk time of a call (each call draws 0.5x to 1.5x of it)
 * @param pairs bridged pairs of the media preset
 * @param ivrWeight relative share of inbound IVR calls in the mix
 * @param twoPartyWeight relative share of two-party (click-to-call) calls
 * @param conferenceWeight relative share of 3-5 party conferences
 * @param out directory for summary.json and load.png
 * @param progressSeconds seconds between progress lines when stdout is not a terminal
 */
public record LoadOptions(String preset, double rate, int concurrency, Duration duration, Duration warmup,
        Duration talk, int pairs, int ivrWeight, int twoPartyWeight, int conferenceWeight, Path out,
        int progressSeconds) {
    public static final String MIX = "mix";
    public static final String MEDIA_10K = "media-10k";

    public LoadOptions {
        if (!MIX.equals(preset) && !MEDIA_10K.equals(preset)) {
            throw new IllegalArgumentException("--preset must be " + MIX + " or " + MEDIA_10K + ", was " + preset);
        }
        if (rate <= 0 || concurrency <= 0 || pairs <= 0 || progressSeconds <= 0) {
            throw new IllegalArgumentException("--rate, --concurrency, --pairs and --progress must be > 0");
        }
        if (ivrWeight < 0 || twoPartyWeight < 0 || conferenceWeight < 0
                || ivrWeight + twoPartyWeight + conferenceWeight == 0) {
            throw new IllegalArgumentException("--mix weights must be >= 0 and not all 0");
        }
        if (duration.isNegative() || duration.isZero() || warmup.isNegative() || talk.toMillis() < 2) {
            throw new IllegalArgumentException("--duration must be > 0, --warmup >= 0, --talk >= 2ms");
        }
    }

    /** The defaults: the call mix at 200 calls/s for 45 s, about a minute in all on 2 cores. */
    public static LoadOptions defaults() {
        return new LoadOptions(MIX, 200, 2_000, Duration.ofSeconds(45), Duration.ofSeconds(5), Duration.ofSeconds(4),
                10_000, 50, 30, 20, Path.of("target", "load"), 5);
    }

    /** The settings of a preset, before any other option is applied. */
    static LoadOptions preset(String name) {
        LoadOptions d = defaults();
        if (MEDIA_10K.equals(name)) {
            return new LoadOptions(MEDIA_10K, d.rate, d.concurrency, Duration.ofSeconds(30), Duration.ofSeconds(5),
                    d.talk, 10_000, d.ivrWeight, d.twoPartyWeight, d.conferenceWeight, d.out, d.progressSeconds);
        }
        return new LoadOptions(name, d.rate, d.concurrency, d.duration, d.warmup, d.talk, d.pairs, d.ivrWeight,
                d.twoPartyWeight, d.conferenceWeight, d.out, d.progressSeconds);
    }

    /**
     * Parses {@code --preset NAME --rate 500/s --concurrency N --duration 60s --warmup 5s --talk 4s --pairs N
     * --mix ivr=50,two-party=30,conference=20 --out DIR --progress 5}; a preset is applied first, other options
     * override it.
     *
     * @throws IllegalArgumentException naming the bad option
     */
    public static LoadOptions parse(String... args) {
        String preset = MIX;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--preset")) {
                preset = args[i + 1];
            }
        }
        LoadOptions o = preset(preset);
        double rate = o.rate;
        int concurrency = o.concurrency;
        Duration duration = o.duration;
        Duration warmup = o.warmup;
        Duration talk = o.talk;
        int pairs = o.pairs;
        int ivr = o.ivrWeight;
        int two = o.twoPartyWeight;
        int conf = o.conferenceWeight;
        Path out = o.out;
        int progress = o.progressSeconds;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.isBlank()) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String v = args[++i].trim();
            try {
                switch (name) {
                    case "--preset" -> {
                    }
                    case "--rate" -> rate = Double.parseDouble(v.endsWith("/s") ? v.substring(0, v.length() - 2) : v);
                    case "--concurrency" -> concurrency = Integer.parseInt(v);
                    case "--duration" -> duration = duration(v);
                    case "--warmup" -> warmup = duration(v);
                    case "--talk" -> talk = duration(v);
                    case "--pairs" -> pairs = Integer.parseInt(v);
                    case "--out" -> out = Path.of(v);
                    case "--progress" -> progress = Integer.parseInt(v);
                    case "--mix" -> {
                        ivr = 0;
                        two = 0;
                        conf = 0;
                        for (String part : v.split(",")) {
                            String[] kv = part.split("=", 2);
                            int w = Integer.parseInt(kv[1].trim());
                            switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                                case "ivr" -> ivr = w;
                                case "two-party" -> two = w;
                                case "conference" -> conf = w;
                                default -> throw new IllegalArgumentException("unknown call type " + kv[0]);
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("bad value for " + name + ": " + v);
            }
        }
        return new LoadOptions(preset, rate, concurrency, duration, warmup, talk, pairs, ivr, two, conf, out,
                progress);
    }

    /** {@code 250ms}, {@code 30s}, {@code 2m}, or plain seconds. */
    static Duration duration(String v) {
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        } else if (v.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        } else if (v.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
        }
        return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
    }
}
