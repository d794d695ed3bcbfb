package org.strowger.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.api.ChannelId;

class ChannelRegistryTest {
    /** Identity equality, like ChannelImpl. */
    static final class E implements ChannelRegistry.Entry {
        private final ChannelId id;
        private final String name;

        E(String id, String name) {
            this.id = new ChannelId(id);
            this.name = name;
        }

        @Override
        public ChannelId id() {
            return id;
        }

        @Override
        public String name() {
            return name;
        }
    }

    private final ChannelRegistry<E> registry = new ChannelRegistry<>();

    @Test
    void addedEntryIsFoundByIdAndByName() {
        E a = new E("a", "SIP/alice-1");
        assertTrue(registry.add(a));
        assertSame(a, registry.get(new ChannelId("a")), "lookup by an equal id, not the same instance");
        assertSame(a, registry.getByName("SIP/alice-1"));
        assertNull(registry.get(new ChannelId("b")));
        assertNull(registry.getByName("SIP/alice-2"));
        assertEquals(1, registry.size());
        assertEquals(List.of(a), new ArrayList<>(registry.values()));
    }

    @Test
    void duplicateIdLosesAndChangesNothing() {
        E a = new E("a", "n1");
        E dup = new E("a", "n2");
        assertTrue(registry.add(a));
        assertFalse(registry.add(dup));
        assertFalse(registry.add(a), "adding the same entry twice fails too");
        assertSame(a, registry.get(new ChannelId("a")));
        assertNull(registry.getByName("n2"), "the loser's name is not claimed");
        assertEquals(1, registry.size());
        assertFalse(registry.remove(dup), "removing the loser does not remove the winner");
        assertSame(a, registry.get(new ChannelId("a")));
        assertSame(a, registry.getByName("n1"));
    }

    @Test
    void duplicateNameLosesAndReleasesItsId() {
        E a = new E("a", "same");
        E b = new E("b", "same");
        assertTrue(registry.add(a));
        assertFalse(registry.add(b));
        assertNull(registry.get(new ChannelId("b")), "the loser's id is released again");
        assertSame(a, registry.getByName("same"));
        assertEquals(1, registry.size());
        assertFalse(registry.remove(b));
        assertTrue(registry.add(new E("b", "other")), "the id b is free");
    }

    @Test
    void removeSucceedsExactlyOnceAndFreesBothKeys() {
        E a = new E("a", "n");
        assertFalse(registry.remove(a), "never added");
        assertTrue(registry.add(a));
        assertTrue(registry.remove(a));
        assertFalse(registry.remove(a), "second remove");
        assertNull(registry.get(new ChannelId("a")));
        assertNull(registry.getByName("n"));
        assertEquals(0, registry.size());
        assertTrue(registry.values().isEmpty());
        E again = new E("a", "n");
        assertTrue(registry.add(again), "id and name can be used again by a new entry");
        assertFalse(registry.remove(a), "the old entry's handle cannot remove the new one");
        assertSame(again, registry.get(new ChannelId("a")));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void racingDuplicateAddsAndRemovesAreExactlyOnce() throws Exception {
        int threads = 4;
        int ids = 2_000;
        // every thread offers its own entry for every id; names unique per entry, as the core's are
        E[][] entries = new E[threads][ids];
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < ids; i++) {
                entries[t][i] = new E("id-" + i, "name-" + t + "-" + i);
            }
        }
        AtomicIntegerArray wins = new AtomicIntegerArray(ids);
        AtomicIntegerArray removes = new AtomicIntegerArray(ids);
        AtomicInteger stray = new AtomicInteger();
        CyclicBarrier barrier = new CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int tt = t;
            Thread w = new Thread(() -> {
                try {
                    barrier.await();
                    for (int i = 0; i < ids; i++) {
                        if (registry.add(entries[tt][i])) {
                            wins.incrementAndGet(i);
                        }
                    }
                    barrier.await();
                    // every thread tries to remove every entry: only the live ones succeed, once each
                    for (int i = 0; i < ids; i++) {
                        for (int owner = 0; owner < threads; owner++) {
                            if (registry.remove(entries[owner][i])) {
                                if (registry.get(entries[owner][i].id()) == entries[owner][i]) {
                                    stray.incrementAndGet();
                                }
                                removes.incrementAndGet(i);
                            }
                        }
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        for (int i = 0; i < ids; i++) {
            assertEquals(1, wins.get(i), "exactly one add per id wins");
            assertEquals(1, removes.get(i), "exactly one remove per added entry succeeds");
        }
        assertEquals(0, stray.get());
        assertEquals(0, registry.size());
        assertTrue(registry.values().isEmpty());
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < ids; i++) {
                assertNull(registry.getByName(entries[t][i].name()), "no name left behind");
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void iterationNeverBlocksAndNeverFailsWhileEntriesComeAndGo() throws Exception {
        AtomicInteger errors = new AtomicInteger();
        Thread churn = new Thread(() -> {
            for (int i = 0; i < 50_000; i++) {
                E e = new E("c-" + i, "n-" + i);
                if (!registry.add(e) || !registry.remove(e)) {
                    errors.incrementAndGet();
                }
            }
        });
        E stable = new E("stable", "stable");
        registry.add(stable);
        churn.start();
        Set<E> seen = new HashSet<>();
        while (churn.isAlive()) {
            seen.clear();
            seen.addAll(registry.values());
            if (!seen.contains(stable)) {
                errors.incrementAndGet(); // an entry live throughout must appear in every iteration
            }
        }
        churn.join();
        assertEquals(0, errors.get());
        assertEquals(1, registry.size());
    }
}
