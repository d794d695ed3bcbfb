package org.strowger.bench;

import java.util.HashMap;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.strowger.api.ChannelId;
import org.strowger.core.channel.ChannelRegistry;

/**
 * {@link ChannelRegistry} lookups by id and by name at 1k, 100k and 1M entries, against two floors on the same keys
 * and entries: a plain {@link HashMap} by id (no concurrency) and a perfect hash (array slot precomputed; what the
 * memory system alone costs).
 *
 * <p>Keys look like the core's: ids {@code <8-char prefix>-<n>}, names {@code Idle/u<n>-<8 hex>}. Lookup keys are
 * EQUAL BUT NOT IDENTICAL to the stored keys (fresh ChannelId and String objects with their own byte arrays), so
 * every hit runs a real {@code equals}; their String hash codes are computed in setup (cached, as for any key used
 * twice). The key array is drawn at random (with replacement) from the entries and walked with a cursor; the keys
 * are allocated in array order, so fetching the next key streams through memory and the random access is the
 * registry's own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RegistryLookupBenchmark {
    /** The registry's entry type: immutable id and name, like ChannelImpl's. */
    record Entry(ChannelId id, String name) implements ChannelRegistry.Entry {
    }

    @Param({"1000", "100000", "1000000"})
    public int size;

    private ChannelRegistry<Entry> registry;
    private HashMap<ChannelId, Entry> plainById;
    private ChannelId[] idKeys;
    private String[] nameKeys;
    private Entry[] entries;
    private int[] slots;
    private int mask;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(42);
        String prefix = Long.toString(rnd.nextLong() >>> 24, 36);
        registry = new ChannelRegistry<>();
        plainById = new HashMap<>();
        entries = new Entry[size];
        for (int i = 0; i < size; i++) {
            long seq = 2L * i + 1;
            Entry e = new Entry(new ChannelId(prefix + '-' + seq), "Idle/u" + i + '-' + String.format("%08x", seq + 1));
            if (!registry.add(e)) {
                throw new IllegalStateException("duplicate " + e);
            }
            plainById.put(e.id(), e);
            entries[i] = e;
        }
        int lookups = Integer.highestOneBit(Math.max(4096, size - 1)) << 1; // power of two >= size, >= 8192
        mask = lookups - 1;
        idKeys = new ChannelId[lookups];
        nameKeys = new String[lookups];
        slots = new int[lookups];
        for (int i = 0; i < lookups; i++) {
            int slot = rnd.nextInt(size);
            slots[i] = slot;
            Entry e = entries[slot];
            idKeys[i] = new ChannelId(new String(e.id().value().toCharArray()));
            idKeys[i].hashCode();
            nameKeys[i] = new String(e.name().toCharArray());
            nameKeys[i].hashCode();
        }
        if (registry.size() != size) {
            throw new IllegalStateException("size " + registry.size());
        }
    }

    private int next() {
        int i = cursor;
        cursor = (i + 1) & mask;
        return i;
    }

    @Benchmark
    public Entry byId() {
        return registry.get(idKeys[next()]);
    }

    @Benchmark
    public Entry byName() {
        return registry.getByName(nameKeys[next()]);
    }

    @Benchmark
    public Entry floor_hashMapById() {
        return plainById.get(idKeys[next()]);
    }

    /**
     * The hardware floor of any registry with random keys: a perfect hash (the slot is precomputed) that loads the
     * entry reference from an array and touches the entry, i.e. two dependent memory accesses and no key compare.
     */
    @Benchmark
    public ChannelId floor_perfectHash() {
        return entries[slots[next()]].id();
    }
}
