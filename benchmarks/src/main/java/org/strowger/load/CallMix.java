package org.strowger.load;

import java.util.concurrent.ThreadLocalRandom;
import org.strowger.api.dial.DialTarget;

/**
 * The far ends of the call mix: random {@link FarEndScript} resources for callers, ring-group agents, transfer
 * targets and conference parties, scaled by the mean talk time. Thread-safe (uses {@link ThreadLocalRandom}).
 */
final class CallMix {
    /** Local destination answered by {@link QueueApplication}: a queue that rings one agent. */
    static final String QUEUE = "queue";
    /** Inbound destination answered by {@link IvrApplication}. */
    static final String IVR = "ivr";

    private final long talkMs;

    CallMix(long talkMs) {
        this.talkMs = talkMs;
    }

    private static long between(long lo, long hi) {
        return ThreadLocalRandom.current().nextLong(lo, hi + 1);
    }

    private long talk() {
        return between(talkMs / 2, talkMs * 3 / 2);
    }

    private static double roll() {
        return ThreadLocalRandom.current().nextDouble();
    }

    /**
     * An inbound caller: mostly keys 1 for the ring group after the prompt and hangs up at some point of the talk;
     * some key 0 (the IVR hangs up), some hang up while still in the IVR.
     */
    String caller() {
        double r = roll();
        long ivr = between(200, 700);
        if (r < 0.80) {
            return "caller-k1@" + ivr + "-h" + (ivr + 400 + talk());
        } else if (r < 0.90) {
            return "caller-k0@" + ivr;
        }
        return "caller-h" + between(100, 1_500);
    }

    /** A ring-group agent who answers after a while, may key a transfer feature code, and hangs up. */
    String agent() {
        long talk = talk();
        double r = roll();
        String feature = r < 0.2 ? "-k*2@" + talk / 3 : r < 0.4 ? "-k*3@" + talk / 3 : "";
        return "agent-a" + between(50, 400) + feature + "-h" + talk;
    }

    /** A ring-group leg that never answers; it is released with ANSWERED_ELSEWHERE. */
    String loser() {
        return "agent-ringing";
    }

    /** The three parallel targets of the IVR's ring group: two Fake agents (one may never answer) and a Local queue. */
    DialTarget[] ringGroup() {
        return new DialTarget[] {
            DialTarget.of(LoadTech.NAME, agent()),
            DialTarget.of(LoadTech.NAME, roll() < 0.5 ? agent() : loser()),
            DialTarget.of("Local", QUEUE),
        };
    }

    /** The target of a blind or attended transfer. */
    String transferTarget() {
        return "xfer-a" + between(50, 300) + "-h" + talk();
    }

    /** The calling party of a click-to-call two-party call: answers at once. */
    String twoPartyA() {
        return "a-a0-h" + (talk() + 400);
    }

    /** The called party of a two-party call: a Fake phone, or a Local queue (optimised away, or kept with /n). */
    DialTarget twoPartyB() {
        double r = roll();
        if (r < 0.15) {
            return DialTarget.of("Local", QUEUE);
        } else if (r < 0.30) {
            return DialTarget.of("Local", QUEUE + "/n");
        }
        return DialTarget.of(LoadTech.NAME, "b-a" + between(50, 400) + "-h" + talk());
    }

    /** A conference party: joins, talks for a while, hangs up. */
    String conferenceParty() {
        return "conf-a" + between(0, 200) + "-h" + (talk() + talk() / 2);
    }

    /** 3 to 5. */
    int conferenceSize() {
        return (int) between(3, 5);
    }
}
