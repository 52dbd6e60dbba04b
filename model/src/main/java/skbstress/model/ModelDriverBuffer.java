package skbstress.model;

import skbstress.api.FreeFunction;

/**
 * A zero-copy driver buffer: a shared header (refcount, free function) at the start of a larger buffer.
 * The driver holds one reference; every shared info over a slice holds one more (I-ZCDRV-1).
 */
final class ModelDriverBuffer {
    final long handle;
    final byte[] bytes;
    final FreeFunction freeFunction;
    int refcount = 1;
    boolean driverReference = true;
    /** SMP_CACHE_BYTES lines held by live slices (I-ZCDRV-2). */
    final java.util.BitSet lines = new java.util.BitSet();

    ModelDriverBuffer(long handle, int size, FreeFunction freeFunction) {
        this.handle = handle;
        this.bytes = new byte[size];
        this.freeFunction = freeFunction;
    }

    boolean freed() {
        return refcount == 0;
    }
}
