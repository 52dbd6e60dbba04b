package skbstress.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import skbstress.api.Kernel;

/**
 * A log that any thread appends to and that keeps its newest {@link Kernel#LOG_CAPACITY} entries, with a
 * count of the rest: a ring indexed by a total. Exact at quiescence, like every statistic here.
 */
final class BoundedLog<T> {
    private final AtomicReferenceArray<T> ring = new AtomicReferenceArray<>(Kernel.LOG_CAPACITY);
    private final AtomicLong total = new AtomicLong();

    void add(T e) {
        long i = total.getAndIncrement();
        ring.set((int) (i % Kernel.LOG_CAPACITY), e);
    }

    /** The entries kept, oldest first. */
    List<T> entries() {
        long n = total.get();
        List<T> out = new ArrayList<>();
        for (long i = Math.max(0, n - Kernel.LOG_CAPACITY); i < n; i++) {
            T e = ring.get((int) (i % Kernel.LOG_CAPACITY));
            if (e != null) { // a slot taken by an append still under way
                out.add(e);
            }
        }
        return out;
    }

    long dropped() {
        return Math.max(0, total.get() - Kernel.LOG_CAPACITY);
    }

    boolean isEmpty() {
        return total.get() == 0;
    }

    long total() {
        return total.get();
    }
}
