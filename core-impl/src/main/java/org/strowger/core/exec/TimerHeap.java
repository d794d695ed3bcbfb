package org.strowger.core.exec;

import java.util.Arrays;

/*
 * The timer thread's pending timers: a binary min-heap ordered by deadline, then by arrival (FIFO among equal
 * deadlines). Each timer knows its slot, so a cancelled timer leaves in O(log n) instead of lingering until its
 * deadline (a dial's 30 s timeout is cancelled by almost every answer). Owned by one thread; not thread-safe.
 */
final class TimerHeap {
    /** A timer as the heap sees it; its fields are the owner thread's. */
    abstract static class Timer {
        final long deadline;
        long arrival;
        int slot = -1;

        Timer(long deadline) {
            this.deadline = deadline;
        }
    }

    private Timer[] timers = new Timer[64];
    private int size;
    private long arrivals;

    int size() {
        return size;
    }

    /** The earliest timer, or null. */
    Timer peek() {
        return size == 0 ? null : timers[0];
    }

    void add(Timer t) {
        if (size == timers.length) {
            timers = Arrays.copyOf(timers, size * 2);
        }
        t.arrival = arrivals++;
        siftUp(size++, t);
    }

    /** Removes and returns the earliest timer, or null. */
    Timer poll() {
        if (size == 0) {
            return null;
        }
        Timer first = timers[0];
        removeAt(0);
        return first;
    }

    /** Removes {@code t} if it is here; false if it already left (ran or was removed). */
    boolean remove(Timer t) {
        int i = t.slot;
        if (i < 0 || i >= size || timers[i] != t) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Drops every timer. */
    void clear() {
        for (int i = 0; i < size; i++) {
            timers[i].slot = -1;
            timers[i] = null;
        }
        size = 0;
    }

    private void removeAt(int i) {
        Timer gone = timers[i];
        gone.slot = -1;
        Timer last = timers[--size];
        timers[size] = null;
        if (i < size) {
            siftDown(i, last);
            if (timers[i] == last) {
                siftUp(i, last);
            }
        }
    }

    private void siftUp(int i, Timer t) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timer p = timers[parent];
            if (!before(t, p)) {
                break;
            }
            place(i, p);
            i = parent;
        }
        place(i, t);
    }

    private void siftDown(int i, Timer t) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(timers[right], timers[child])) {
                child = right;
            }
            if (!before(timers[child], t)) {
                break;
            }
            place(i, timers[child]);
            i = child;
        }
        place(i, t);
    }

    private void place(int i, Timer t) {
        timers[i] = t;
        t.slot = i;
    }

    /** Deadlines are nanoTime values: compare by difference, which survives the clock wrapping. */
    private static boolean before(Timer a, Timer b) {
        long d = a.deadline - b.deadline;
        return d < 0 || (d == 0 && a.arrival < b.arrival);
    }
}
