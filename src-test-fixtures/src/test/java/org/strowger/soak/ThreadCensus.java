package org.strowger.soak;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A count of the JVM's live platform threads, with those matching a predicate (the core's pool workers) apart, and
 * the rest grouped by name with digits dropped ({@code soak-media-#}, {@code strowger-timer}).
 *
 * @param total live platform threads
 * @param pool those that matched
 * @param byName every thread by name pattern
 */
record ThreadCensus(int total, int pool, Map<String, Integer> byName) {
    static ThreadCensus take(Predicate<Thread> poolThread) {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() * 2 + 16];
        int n = root.enumerate(threads, true);
        int pool = 0;
        Map<String, Integer> byName = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (poolThread.test(t)) {
                pool++;
            }
            byName.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
        return new ThreadCensus(n, pool, byName);
    }
}
