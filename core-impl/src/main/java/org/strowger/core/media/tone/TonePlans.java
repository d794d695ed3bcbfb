package org.strowger.core.media.tone;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/*
 * The standard call progress tones by country, as tone plans (ITU-T E.180 supplement 2 and the national
 * specifications it summarizes):
 *
 *   us (North American precise tone plan)   uk (BT SIN 350)                       eu (CEPT / ETSI TR 101 041)
 *   dial        350+440 continuous           350+440 continuous                    425 continuous
 *   ringback    440+480 2 s on, 4 s off      400+450 0.4 on 0.2 off 0.4 on 2 off   425 1 s on, 4 s off
 *   busy        480+620 0.5 / 0.5            400 0.375 / 0.375                     425 0.5 / 0.5
 *   congestion  480+620 0.25 / 0.25          400 0.4 / 0.35 / 0.225 / 0.525        425 0.25 / 0.25
 *   waiting     440 0.3 s, then 10 s off     400 0.1 s, then 4 s off               425 0.2/0.2/0.2, then 5 s off
 *
 * Call waiting varies most between networks (several repeat the burst only once or twice); these are the common
 * repeating forms. Countries are looked up by their code, case-insensitively; "gb" is accepted for "uk" and "cept"
 * for "eu".
 */
public final class TonePlans {
    /** The tones every country here defines. */
    public enum Tone { DIAL, RINGBACK, BUSY, CONGESTION, CALL_WAITING }

    private static final Map<String, Map<Tone, TonePlan>> PLANS = Map.of(
            "us", plans("350+440", "440+480/2000,0/4000", "480+620/500,0/500", "480+620/250,0/250",
                    "440/300,0/10000"),
            "uk", plans("350+440", "400+450/400,0/200,400+450/400,0/2000", "400/375,0/375",
                    "400/400,0/350,400/225,0/525", "400/100,0/4000"),
            "eu", plans("425", "425/1000,0/4000", "425/500,0/500", "425/250,0/250",
                    "425/200,0/200,425/200,0/5000"));
    private static final Map<String, String> ALIASES = Map.of("gb", "uk", "cept", "eu");

    private TonePlans() {
    }

    /** The plan of {@code tone} in {@code country} ("us", "uk", "eu"); IllegalArgumentException for another. */
    public static TonePlan plan(String country, Tone tone) {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(tone, "tone");
        String key = country.trim().toLowerCase(Locale.ROOT);
        Map<Tone, TonePlan> plans = PLANS.get(ALIASES.getOrDefault(key, key));
        if (plans == null) {
            throw new IllegalArgumentException("no tone plans for country '" + country + "': known are " + countries());
        }
        return plans.get(tone);
    }

    /** The country codes known (without aliases). */
    public static List<String> countries() {
        return PLANS.keySet().stream().sorted().toList();
    }

    private static Map<Tone, TonePlan> plans(String dial, String ringback, String busy, String congestion,
            String waiting) {
        Map<Tone, TonePlan> m = new EnumMap<>(Tone.class);
        m.put(Tone.DIAL, TonePlan.parse(dial));
        m.put(Tone.RINGBACK, TonePlan.parse(ringback));
        m.put(Tone.BUSY, TonePlan.parse(busy));
        m.put(Tone.CONGESTION, TonePlan.parse(congestion));
        m.put(Tone.CALL_WAITING, TonePlan.parse(waiting));
        return m;
    }
}
