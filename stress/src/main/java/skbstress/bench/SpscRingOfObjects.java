package skbstress.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded single-producer single-consumer ring: the producer's tail and the consumer's head, each read by the
 * other side only when its cached copy says the ring looks full (or empty).
 */
final class SpscRingOfObjects<T> {
    private final AtomicReferenceArray<T> slots;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private long cachedHead; // producer only
    @SuppressWarnings("unused")
    private long s1, s2, s3, s4, s5, s6, s7;
    private long cachedTail; // consumer only

    SpscRingOfObjects(int capacityPow2) {
        slots = new AtomicReferenceArray<>(capacityPow2);
        mask = capacityPow2 - 1;
    }

    boolean offer(T v) {
        long t = tail.getPlain();
        if (t - cachedHead >= slots.length()) {
            cachedHead = head.getAcquire(); // acquire: the consumer is done with those slots
            if (t - cachedHead >= slots.length()) {
                return false;
            }
        }
        slots.setPlain((int) t & mask, v);
        tail.setRelease(t + 1); // release: publishes the slot
        return true;
    }

    T poll() {
        long h = head.getPlain();
        if (h >= cachedTail) {
            cachedTail = tail.getAcquire(); // acquire: pairs with the producer's release
            if (h >= cachedTail) {
                return null;
            }
        }
        T v = slots.getPlain((int) h & mask);
        head.setRelease(h + 1); // release: the slot is free for the producer
        return v;
    }
}
