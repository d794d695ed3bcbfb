package org.strowger.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.api.ChannelId;
import org.strowger.api.InvalidArgumentException;

class IdGeneratorTest {

    @Test
    void generatedIdsUseThePrefixAndACounter() {
        IdGenerator ids = new IdGenerator("node7");
        assertEquals(new ChannelId("node7-1"), ids.next());
        assertEquals(new ChannelId("node7-2"), ids.next());
    }

    @Test
    void chosenIdsWithTheReservedPrefixAreRejected() {
        IdGenerator ids = new IdGenerator("node7");
        assertThrows(InvalidArgumentException.class, () -> ids.checkChosen(new ChannelId("node7-99")));
        assertThrows(InvalidArgumentException.class, () -> ids.checkChosen(new ChannelId("node7-")));
        assertThrows(InvalidArgumentException.class, () -> ids.checkChosen(new ChannelId("node7-abc")),
                "the whole prefix- namespace is reserved, not only numbers");
        for (String ok : List.of("node7", "node71", "node7_1", "xnode7-1", "NODE7-1", "alice")) {
            ChannelId id = new ChannelId(ok);
            assertSame(id, ids.checkChosen(id), ok);
        }
    }

    @Test
    void aChosenIdCanNeverCollideWithALaterGeneratedOne() {
        IdGenerator ids = new IdGenerator("p");
        for (int i = 0; i < 1_000; i++) {
            ChannelId generated = ids.next();
            assertThrows(InvalidArgumentException.class, () -> ids.checkChosen(generated));
        }
    }

    @Test
    void randomPrefixesDifferBetweenGeneratorsAndAreValid() {
        IdGenerator a = new IdGenerator(null);
        IdGenerator b = new IdGenerator(null);
        ChannelId ia = a.next();
        ChannelId ib = b.next();
        assertNotEquals(ia, ib, "two cores in one process do not share a namespace (random 40-bit prefixes)");
        String prefix = ia.value().substring(0, ia.value().lastIndexOf('-'));
        assertFalse(prefix.isEmpty());
        assertThrows(InvalidArgumentException.class, () -> a.checkChosen(new ChannelId(prefix + "-5")));
    }

    @Test
    void invalidPrefixesAreRejected() {
        assertThrows(InvalidArgumentException.class, () -> new IdGenerator("has space"));
        assertThrows(InvalidArgumentException.class, () -> new IdGenerator("nl\n"));
        assertThrows(InvalidArgumentException.class, () -> new IdGenerator("x".repeat(ChannelId.MAX_LENGTH)));
    }

    @Test
    void idsNeverRepeat() {
        IdGenerator ids = new IdGenerator("s");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(ids.next().value()));
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void concurrentGenerationNeverRepeats() throws Exception {
        IdGenerator ids = new IdGenerator("c");
        Set<ChannelId> seen = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        int perThread = 50_000;
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    if (!seen.add(ids.next())) {
                        throw new AssertionError("repeated id");
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(4 * perThread, seen.size());
    }
}
