package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The timer heap against a sorted-set model under random adds, removes and polls (seeded). */
class TimerHeapTest {
    private static final class T extends TimerHeap.Timer {
        final int id;

        T(long deadline, int id) {
            super(deadline);
            this.id = id;
        }
    }

    @Test
    void matchesAModelOrderedByDeadlineThenArrival() {
        for (long seed = 0; seed < 200; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            TimerHeap heap = new TimerHeap();
            // the model orders as the heap must: deadline, then arrival (ids are given in arrival order)
            TreeSet<T> model = new TreeSet<>(Comparator.<T>comparingLong(t -> t.deadline).thenComparingInt(t -> t.id));
            List<T> all = new ArrayList<>();
            int ids = 0;
            for (int op = 0; op < 500; op++) {
                int k = r.nextInt(10);
                if (k < 5) {
                    T t = new T(r.nextLong(50), ids++); // few distinct deadlines: ties are common
                    heap.add(t);
                    model.add(t);
                    all.add(t);
                } else if (k < 8 && !all.isEmpty()) {
                    T t = all.get(r.nextInt(all.size()));
                    assertEquals(model.remove(t), heap.remove(t), "seed " + seed);
                } else {
                    T expected = model.pollFirst();
                    TimerHeap.Timer got = heap.poll();
                    assertSame(expected, got, "seed " + seed);
                }
                assertEquals(model.size(), heap.size(), "seed " + seed);
                assertSame(model.isEmpty() ? null : model.first(), heap.peek(), "seed " + seed);
            }
        }
    }

    @Test
    void comparesDeadlinesAcrossTheClockWrapping() {
        TimerHeap heap = new TimerHeap();
        T late = new T(Long.MIN_VALUE + 5, 1); // just after the wrap
        T early = new T(Long.MAX_VALUE - 5, 0); // just before it
        heap.add(late);
        heap.add(early);
        assertSame(early, heap.poll());
        assertSame(late, heap.poll());
        assertNull(heap.poll());
    }

    @Test
    void aRemovedOrPolledTimerCannotBeRemovedAgainAndClearEmptiesIt() {
        TimerHeap heap = new TimerHeap();
        T a = new T(1, 0);
        T b = new T(2, 1);
        heap.add(a);
        heap.add(b);
        assertTrue(heap.remove(a));
        assertFalse(heap.remove(a));
        assertSame(b, heap.poll());
        assertFalse(heap.remove(b));
        for (int i = 0; i < 1_000; i++) {
            heap.add(new T(i, i));
        }
        heap.clear();
        assertEquals(0, heap.size());
        assertNull(heap.peek());
    }
}
