package skbstress.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import skbstress.api.Kernel;

/**
 * A log that keeps its newest {@link Kernel#LOG_CAPACITY} entries and counts the ones it dropped, so that
 * a long run's memory stays bounded while the totals stay exact.
 */
final class LogRing<T> {
    private final ArrayDeque<T> entries = new ArrayDeque<>();
    private long dropped;

    void add(T e) {
        if (entries.size() == Kernel.LOG_CAPACITY) {
            entries.removeFirst();
            dropped++;
        }
        entries.addLast(e);
    }

    List<T> entries() {
        return new ArrayList<>(entries);
    }

    long dropped() {
        return dropped;
    }
}
