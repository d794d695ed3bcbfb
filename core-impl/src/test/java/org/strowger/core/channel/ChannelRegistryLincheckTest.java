package org.strowger.core.channel;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.strowger.api.ChannelId;

/**
 * Lincheck over {@link ChannelRegistry}, against a plain sequential registry ({@link Spec}) in which a duplicate add
 * returns false and changes nothing and remove returns true exactly once per successful add.
 *
 * <p>{@link OwnerDiscipline} is how the core uses the registry: the thread that adds an entry is the one that later
 * removes it (CoreImpl adds a channel before releasing its held executor, and only that executor's destroy removes it),
 * while other threads add entries with the same ids and look ids up. Ids collide across threads, so duplicate claims
 * race; names are unique, as the core's are. {@link AnyThread} drops the discipline: add and remove of one entry race.
 *
 * <p>{@code getByName} is deliberately not an operation: id and name live in two maps updated one after the other, so
 * a lookup by name can lag a lookup by id (a channel visible by id, briefly not by name) — weakly consistent, not
 * linearizable, and not promised. ChannelRegistryTest checks names sequentially and for leaks under real threads.
 */
public class ChannelRegistryLincheckTest {
    /** An entry with identity equality, like ChannelImpl. */
    static final class E implements ChannelRegistry.Entry {
        private final ChannelId id;
        private final String name;
        final int index;

        E(ChannelId id, String name, int index) {
            this.id = id;
            this.name = name;
            this.index = index;
        }

        @Override
        public ChannelId id() {
            return id;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return "E" + index + "(" + id + ", " + name + ")";
        }
    }

    static final int THREADS = 3;
    static final int PER_THREAD = 2;

    static ChannelId id(int key) {
        return new ChannelId("id-" + key);
    }

    /**
     * Thread t's k-th entry has id id(k), shared with every other thread's k-th entry, and a name of its own. Built
     * per test instance (Lincheck 3.7 on JDK 25 crashed the JVM tracking reads of a static array in operations).
     */
    static E[][] entries() {
        E[][] owned = new E[THREADS][PER_THREAD];
        for (int t = 0; t < THREADS; t++) {
            for (int k = 0; k < PER_THREAD; k++) {
                owned[t][k] = new E(id(k), "name-" + t + "-" + k, t * PER_THREAD + k);
            }
        }
        return owned;
    }

    /** The sequential registry both specifications delegate to. */
    static class SpecState {
        final E[][] owned = entries();
        final Map<String, E> byId = new HashMap<>();
        final Map<String, E> byName = new HashMap<>();

        boolean add(E entry) {
            if (byId.containsKey(entry.id().value()) || byName.containsKey(entry.name())) {
                return false; // a duplicate loses and changes nothing
            }
            byId.put(entry.id().value(), entry);
            byName.put(entry.name(), entry);
            return true;
        }

        boolean remove(E entry) {
            if (byId.get(entry.id().value()) != entry) {
                return false; // not live (never added, lost its add, or already removed)
            }
            byId.remove(entry.id().value());
            byName.remove(entry.name());
            return true;
        }

        int get(int k) {
            E e = byId.get(id(k).value());
            return e == null ? -1 : e.index;
        }
    }

    // ---- with the core's discipline ----

    @Param(name = "k", gen = IntGen.class, conf = "0:1")
    @Param(name = "key", gen = IntGen.class, conf = "0:2")
    public static class OwnerDiscipline {
        private final ChannelRegistry<E> registry = new ChannelRegistry<>();
        private final E[][] owned = entries();

        @Operation
        public boolean add(@Param(gen = ThreadIdGen.class) int thread, @Param(name = "k") int k) {
            return registry.add(owned[thread][k]);
        }

        @Operation
        public boolean remove(@Param(gen = ThreadIdGen.class) int thread, @Param(name = "k") int k) {
            return registry.remove(owned[thread][k]);
        }

        @Operation
        public int get(@Param(name = "key") int key) {
            E e = registry.get(id(key));
            return e == null ? -1 : e.index;
        }

        @Validate
        public void idsAndNamesAgree() {
            checkConsistent(registry, owned);
        }
    }

    public static class OwnerDisciplineSpec {
        private final SpecState s = new SpecState();

        public boolean add(int thread, int k) {
            return s.add(s.owned[thread][k]);
        }

        public boolean remove(int thread, int k) {
            return s.remove(s.owned[thread][k]);
        }

        public int get(int key) {
            return s.get(key);
        }
    }

    // ---- without it ----

    /** Entries 0..5 are entries() flattened; any thread may add or remove any of them. */
    @Param(name = "e", gen = IntGen.class, conf = "0:5")
    @Param(name = "key", gen = IntGen.class, conf = "0:2")
    public static class AnyThread {
        private final ChannelRegistry<E> registry = new ChannelRegistry<>();
        private final E[][] owned = entries();

        @Operation
        public boolean add(@Param(name = "e") int e) {
            return registry.add(owned[e / PER_THREAD][e % PER_THREAD]);
        }

        @Operation
        public boolean remove(@Param(name = "e") int e) {
            return registry.remove(owned[e / PER_THREAD][e % PER_THREAD]);
        }

        @Operation
        public int get(@Param(name = "key") int key) {
            E e = registry.get(id(key));
            return e == null ? -1 : e.index;
        }

        @Validate
        public void idsAndNamesAgree() {
            checkConsistent(registry, owned);
        }
    }

    public static class AnyThreadSpec {
        private final SpecState s = new SpecState();

        public boolean add(int e) {
            return s.add(s.owned[e / PER_THREAD][e % PER_THREAD]);
        }

        public boolean remove(int e) {
            return s.remove(s.owned[e / PER_THREAD][e % PER_THREAD]);
        }

        public int get(int key) {
            return s.get(key);
        }
    }

    /** At rest, an entry is findable by id iff it is findable by name: nothing half-added or half-removed remains. */
    static void checkConsistent(ChannelRegistry<E> registry, E[][] owned) {
        for (E[] row : owned) {
            for (E e : row) {
                boolean byId = registry.get(e.id()) == e;
                boolean byName = registry.getByName(e.name()) == e;
                if (byId != byName) {
                    throw new IllegalStateException(e + (byId ? " is live by id but not by name"
                            : " is stale by name: removed (or never added) by id, still claimed by name"));
                }
            }
        }
    }

    @Test
    void modelCheckExactlyOnceWithOwnerDiscipline() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> new ModelCheckingOptions()
                .iterations(8)
                .invocationsPerIteration(100)
                .threads(THREADS)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .sequentialSpecification(OwnerDisciplineSpec.class)
                .check(OwnerDiscipline.class));
    }

    @Test
    void stressExactlyOnceWithOwnerDiscipline() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> new StressOptions()
                .iterations(8)
                .invocationsPerIteration(500)
                .threads(THREADS)
                .actorsPerThread(4)
                .actorsBefore(1)
                .actorsAfter(2)
                .sequentialSpecification(OwnerDisciplineSpec.class)
                .check(OwnerDiscipline.class));
    }

    @Test
    void modelCheckAddRacingRemoveOfTheSameEntry() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> new ModelCheckingOptions()
                .iterations(10)
                .invocationsPerIteration(150)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .sequentialSpecification(AnyThreadSpec.class)
                .check(AnyThread.class));
    }
}
