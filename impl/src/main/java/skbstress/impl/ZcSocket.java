package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import skbstress.api.Snapshot.Notification;

/**
 * A MSG_ZEROCOPY socket: the u32 id counter and the error queue. Completions arrive from any thread;
 * the queue is an immutable list swapped by CAS, so merging into its tail is atomic without a lock.
 */
final class ZcSocket {
    static final long U32 = 0xffff_ffffL;
    private static final VarHandle ZCKEY;
    private static final VarHandle WMEM;
    private static final VarHandle RMEM;

    static {
        try {
            ZCKEY = MethodHandles.lookup().findVarHandle(ZcSocket.class, "zckey", long.class);
            WMEM = MethodHandles.lookup().findVarHandle(ZcSocket.class, "wmem", long.class);
            RMEM = MethodHandles.lookup().findVarHandle(ZcSocket.class, "rmem", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    long handle;
    private long zckey;
    /** Truesize charged by the skbs it owns for writing (sk_wmem_alloc less its bias) and reading (sk_rmem_alloc). */
    @SuppressWarnings("unused") // through WMEM
    private long wmem;
    @SuppressWarnings("unused") // through RMEM
    private long rmem;
    final AtomicReference<List<Notification>> errorQueue = new AtomicReference<>(List.of());

    ZcSocket(int index) {
        this.index = index;
    }

    /**
     * Charges (delta > 0) or uncharges the write counter. Acquire and release: only its atomicity matters: skbs
     * owned by one socket are charged and uncharged on any thread at once (volatile RMW, as the kernel's
     * refcount_add / refcount_sub_and_test); the counters are read at quiescence.
     */
    void addWmemVolatile(long delta) {
        WMEM.getAndAdd(this, delta);
    }

    /** As {@link #addWmemVolatile}, for the read counter. Acquire and release: its atomicity alone matters. */
    void addRmemVolatile(long delta) {
        RMEM.getAndAdd(this, delta);
    }

    /** acquire: a snapshot at quiescence sees every charge made before the hand-off that ordered it. */
    long getWmemAcquire() {
        return (long) WMEM.getAcquire(this);
    }

    long getRmemAcquire() {
        return (long) RMEM.getAcquire(this); // acquire: as getWmemAcquire's, read at quiescence
    }

    long getZckeyAcquire() {
        return (long) ZCKEY.getAcquire(this); // acquire: no data is published with the counter
    }

    /** Takes the next id (u32). */
    long takeId() {
        while (true) {
            long k = getZckeyAcquire(); // acquire: seeds the CAS below, which re-checks it
            // acquire and release: takes id k only if no other id was taken meanwhile; a lost CAS re-reads
            if (ZCKEY.compareAndSet(this, k, (k + 1) & U32)) {
                return k;
            }
        }
    }

    /**
     * Advances the counter from {@code expected} by one; false when another id was taken meanwhile. Acquire and
     * release: the extender's release store of len follows it, so a reader of that len sees the advance.
     */
    boolean compareAndAdvance(long expected) {
        return ZCKEY.compareAndSet(this, expected, (expected + 1) & U32);
    }

    /** Queues a notification, merging into the tail as the kernel does (the tail keeps its COPIED flag). */
    void notify(long lo, int len, boolean copied) {
        long hi = (lo + len - 1) & U32;
        while (true) {
            List<Notification> q = errorQueue.get();
            List<Notification> next = new ArrayList<>(q);
            Notification tail = q.isEmpty() ? null : q.get(q.size() - 1);
            if (tail != null && ((tail.hi() - tail.lo()) & U32) + 1 + len < (1L << 32)
                    && lo == ((tail.hi() + 1) & U32)) {
                next.set(next.size() - 1, new Notification(tail.lo(), hi, tail.copied()));
            } else {
                next.add(new Notification(lo, hi, copied));
            }
            // acquire and release: installs the merged list if no completion came meanwhile; a lost CAS re-reads
            if (errorQueue.compareAndSet(q, List.copyOf(next))) {
                return;
            }
        }
    }

    List<Notification> drain() {
        return errorQueue.getAndSet(List.of()); // acquire: pairs with notify's CAS; the lists are immutable
    }
}
