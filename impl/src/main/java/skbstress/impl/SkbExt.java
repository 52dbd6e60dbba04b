package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import skbstress.api.SkbOps;

/**
 * struct skb_ext: a refcount_t of the skbs that point at it, and a value per extension id (-1: no chunk). The
 * values are written only by the one skb that holds it alone (refcnt 1, under that skb's writer pin), so a
 * shared skb_ext never changes: a writer copies it first (I-EXT-2).
 */
final class SkbExt {
    private static final VarHandle REFCNT;

    static {
        try {
            REFCNT = MethodHandles.lookup().findVarHandle(SkbExt.class, "refcnt", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    /** The identity of this life in snapshots. */
    long handle;
    @SuppressWarnings("unused") // through REFCNT
    private int refcnt;
    final int[] values = new int[SkbOps.SKB_EXT_NUM];

    SkbExt(int index) {
        this.index = index;
    }

    /** A new life: no chunks, one reference. Release: the reset values are published with the count. */
    void start(long h) {
        handle = h;
        Arrays.fill(values, -1);
        REFCNT.setRelease(this, 1);
    }

    /** acquire: a count of 1 read by the only holder orders the other holders' last accesses (their puts) first. */
    int getRefcntAcquire() {
        return (int) REFCNT.getAcquire(this);
    }

    /**
     * __skb_ext_copy: one more skb points at it (its source holds a reference, so the count is above 0).
     * Acquire and release: only its atomicity matters; the new skb's holders reach the values by its hand-off.
     */
    void getVolatile() {
        REFCNT.getAndAdd(this, 1);
    }

    /**
     * __skb_ext_put: true when this put dropped the last reference. At 1 the caller is the only holder and frees
     * it without an atomic, as the kernel does; otherwise one atomic decrement (release: our reads of the values
     * happen before the last holder's free).
     */
    boolean putVolatile() {
        if (getRefcntAcquire() == 1) { // acquire: the only holder; pairs with the others' release puts
            return true;
        }
        // acquire and release: our reads of the values before the last holder's free, which sees every put
        return (int) REFCNT.getAndAdd(this, -1) == 1;
    }
}
