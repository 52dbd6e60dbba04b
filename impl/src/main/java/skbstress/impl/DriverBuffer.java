package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import skbstress.api.FreeFunction;

/**
 * A zero-copy driver buffer: the shared header's refcount (the driver's reference plus one per shared
 * info over a slice) and the user free function, called once by whichever release reaches zero.
 *
 * <pre>
 *  31 30 29                           0
 * +--+--+------------------------------+
 * |0 |D |  refcount (D's one included)  |
 * +--+--+------------------------------+
 * </pre>
 * D says the driver still holds its reference: carving a slice and the driver's release decide on the
 * same word, so a slice is never carved from a buffer whose last reference is going.
 */
final class DriverBuffer extends Tracked {
    private static final VarHandle WORD;
    static final int DRIVER = 1 << 30;
    private static final int COUNT = DRIVER - 1;

    static {
        try {
            WORD = MethodHandles.lookup().findVarHandle(DriverBuffer.class, "word", int.class);
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
    @SuppressWarnings("unused") // through WORD
    private int word;

    DriverBuffer(int index) {
        this.index = index;
    }

    private int getWordAcquire() {
        return (int) WORD.getAcquire(this); // acquire: pairs with the other holders' release RMWs of the word
    }

    int refcount() {
        return getWordAcquire() & COUNT; // acquire: only a count for messages and snapshots at quiescence
    }

    boolean driverHoldsReference() {
        return (getWordAcquire() & DRIVER) != 0; // acquire: early refusal or snapshot only; carve's CAS re-checks D
    }

    /** The driver's reference, the only one. Release: publishes the buffer with its handle. */
    void start() {
        WORD.setRelease(this, DRIVER | 1);
    }

    /** A slice's shared info takes a reference, only while the driver holds its own. */
    boolean carve() {
        while (true) {
            int w = getWordAcquire(); // acquire: only seeds the CAS below; a stale word fails it and is read again
            if ((w & DRIVER) == 0) {
                return false;
            }
            // acquire and release: takes the reference only while D is set, in one RMW; a lost CAS re-reads
            if (WORD.compareAndSet(this, w, w + 1)) {
                return true;
            }
        }
    }

    /** The driver drops its reference: -1 when it held none, else the references left. */
    int releaseDriver() {
        while (true) {
            int w = getWordAcquire(); // acquire: only seeds the CAS below; a stale word fails it and is read again
            if ((w & DRIVER) == 0) {
                return -1;
            }
            int next = (w & ~DRIVER) - 1;
            if (WORD.compareAndSet(this, w, next)) { // release: the driver's writes before the free function
                return next & COUNT;
            }
        }
    }

    /**
     * A slice's shared info drops its reference; returns the references left. Acquire and release: the last
     * decrement orders every holder's use of the buffer before the free function.
     */
    int unref() {
        return ((int) WORD.getAndAdd(this, -1) - 1) & COUNT;
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
                // acquire and release: a line's last slice (releaseLines' RMW) precedes its next; a lost CAS re-reads
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
}
