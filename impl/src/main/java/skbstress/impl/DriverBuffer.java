package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import skbstress.api.FreeFunction;

/**
 * A zero-copy driver buffer: the shared header's refcount (the driver's reference plus one per shared
 * info over a slice) and the user free function, called by whichever release reaches zero.
 */
final class DriverBuffer {
    private static final VarHandle REFCOUNT;
    private static final VarHandle DRIVER_REF;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            REFCOUNT = l.findVarHandle(DriverBuffer.class, "refcount", int.class);
            DRIVER_REF = l.findVarHandle(DriverBuffer.class, "driverRef", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    long handle;
    byte[] bytes;
    /** One bit per SMP_CACHE_BYTES line held by a live slice (I-ZCDRV-2). */
    java.util.concurrent.atomic.AtomicLongArray lines;
    FreeFunction freeFunction;
    private int refcount;
    /** 1 while the driver holds its reference. */
    private int driverRef;

    DriverBuffer(int index) {
        this.index = index;
    }

    int getRefcountAcquire() {
        return (int) REFCOUNT.getAcquire(this);
    }

    void setRefcountRelease(int v) {
        REFCOUNT.setRelease(this, v);
    }

    int getAndAddRefcount(int d) {
        return (int) REFCOUNT.getAndAdd(this, d);
    }

    boolean driverHoldsReference() {
        return (int) DRIVER_REF.getAcquire(this) == 1;
    }

    void setDriverRefRelease(int v) {
        DRIVER_REF.setRelease(this, v);
    }

    /**
     * Claims lines [first, end) for a slice, word by word; on a conflict it gives back what it took and
     * returns the first line held by another slice, else -1.
     */
    int claimLines(int first, int end) {
        for (int line = first; line < end; ) {
            int word = line >>> 6;
            int upto = Math.min(end, (word + 1) << 6);
            long bits = mask(line, upto);
            while (true) {
                long held = lines.get(word);
                if ((held & bits) != 0) {
                    releaseLines(first, line);
                    return (word << 6) + Long.numberOfTrailingZeros(held & bits);
                }
                if (lines.compareAndSet(word, held, held | bits)) {
                    break;
                }
            }
            line = upto;
        }
        return -1;
    }

    void releaseLines(int first, int end) {
        for (int line = first; line < end; ) {
            int word = line >>> 6;
            int upto = Math.min(end, (word + 1) << 6);
            lines.getAndAccumulate(word, ~mask(line, upto), (a, b) -> a & b);
            line = upto;
        }
    }

    private static long mask(int from, int to) {
        int n = to - from;
        return (n == 64 ? -1L : (1L << n) - 1) << (from & 63);
    }

    /** The driver's one release: only one caller wins. */
    boolean compareAndClearDriverRef() {
        return DRIVER_REF.compareAndSet(this, 1, 0);
    }
}
