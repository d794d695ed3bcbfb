package org.strowger.testkit;

import java.util.function.LongConsumer;

/**
 * Runs a scenario once per seed and turns a failure into one line that replays it.
 *
 * <p>{@code -Dstrowger.seed=N} runs only seed N (to replay a failure); {@code -Dstrowger.seeds=K} overrides the
 * number of seeds (for long runs).
 */
public final class Seeds {
    private static final ThreadLocal<String> CALLER = new ThreadLocal<>();

    private Seeds() {
    }

    /**
     * Runs {@code scenario} for seeds {@code base .. base+count-1}.
     *
     * @throws AssertionError naming the first failing seed and how to replay it, with the failure as cause
     */
    public static void forEach(String scenario, long base, int count, LongConsumer body) {
        StackWalker.StackFrame caller = StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow();
        CALLER.set(caller.getClassName().substring(caller.getClassName().lastIndexOf('.') + 1) + '#' + caller.getMethodName());
        String only = System.getProperty("strowger.seed");
        if (only != null) {
            run(scenario, Long.parseLong(only.trim()), body);
            return;
        }
        int n = Integer.getInteger("strowger.seeds", count);
        for (long s = base; s < base + n; s++) {
            run(scenario, s, body);
        }
    }

    /**
     * True when the seeds were cut down ({@code -Dstrowger.seed}, or fewer than 200 with {@code -Dstrowger.seeds}, as
     * in the mutation run): a scenario then skips its checks that the seeds explored enough interleavings ("the race
     * was seen in more than 100 seeds"), which only hold for the full count. Per-seed assertions still run.
     */
    public static boolean reduced() {
        return System.getProperty("strowger.seed") != null || Integer.getInteger("strowger.seeds", 1_000) < 200;
    }

    private static void run(String scenario, long seed, LongConsumer body) {
        try {
            body.accept(seed);
        } catch (Throwable t) {
            String line = scenario + " failed for seed " + seed + "; replay: mvn -B test -pl src-test-fixtures -am"
                    + " -Dsurefire.failIfNoSpecifiedTests=false -Dtest='" + CALLER.get() + "' -Dstrowger.seed=" + seed;
            System.err.println(line);
            throw new AssertionError(line + ": " + t, t);
        }
    }
}
