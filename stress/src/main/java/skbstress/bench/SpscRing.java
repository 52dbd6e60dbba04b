package skbstress.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer single-consumer ring of longs, for the cross-thread benchmarks' hand-off.
 * The producer's release store of its index publishes the slot; the consumer's acquire load pairs
 * with it (and the reverse for freed slots).
 */
final class SpscRing {
    static final long EMPTY = Long.MIN_VALUE;
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(SpscRing.class, "head", long.class);
            TAIL = l.findVarHandle(SpscRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] slots;
    private final int mask;
    @SuppressWarnings("unused")
    private long p1, p2, p3, p4, p5, p6, p7;
    private long head; // next to take; written by the consumer
    @SuppressWarnings("unused")
    private long q1, q2, q3, q4, q5, q6, q7;
    private long tail; // next to fill; written by the producer
    @SuppressWarnings("unused")
    private long r1, r2, r3, r4, r5, r6, r7;
    private long cachedHead; // producer's view of head
    @SuppressWarnings("unused")
    private long s1, s2, s3, s4, s5, s6, s7;
    private long cachedTail; // consumer's view of tail

    SpscRing(int capacityPow2) {
        slots = new long[capacityPow2];
        mask = capacityPow2 - 1;
    }

    boolean offer(long v) {
        long t = tail;
        if (t - cachedHead >= slots.length) {
            cachedHead = (long) HEAD.getAcquire(this); // acquire: the consumer is done with those slots
            if (t - cachedHead >= slots.length) {
                return false;
            }
        }
        slots[(int) t & mask] = v;
        TAIL.setRelease(this, t + 1); // release: publishes the slot to the consumer
        return true;
    }

    long poll() {
        long h = head;
        if (h >= cachedTail) {
            cachedTail = (long) TAIL.getAcquire(this); // acquire: pairs with the producer's release
            if (h >= cachedTail) {
                return EMPTY;
            }
        }
        long v = slots[(int) h & mask];
        HEAD.setRelease(this, h + 1); // release: the slot may be reused
        return v;
    }
}
