package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** A page's counters: its reference count, and how many of those references structures own. */
final class PageMeta {
    private static final VarHandle REFCOUNT;
    private static final VarHandle STRUCT_REFS;
    private static final VarHandle HEAD_UNITS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            REFCOUNT = l.findVarHandle(PageMeta.class, "refcount", int.class);
            STRUCT_REFS = l.findVarHandle(PageMeta.class, "structRefs", int.class);
            HEAD_UNITS = l.findVarHandle(PageMeta.class, "headUnits", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private int refcount;
    private int structRefs;
    /** One bit per SMP_CACHE_BYTES line held by a build_skb head (I-FRAG-4). */
    private long headUnits;

    int getRefcountAcquire() {
        return (int) REFCOUNT.getAcquire(this);
    }

    void setRefcountRelease(int v) {
        REFCOUNT.setRelease(this, v);
    }

    int getAndAddRefcount(int d) {
        return (int) REFCOUNT.getAndAdd(this, d);
    }

    boolean compareAndSetRefcount(int expected, int v) {
        return REFCOUNT.compareAndSet(this, expected, v);
    }

    int getStructRefsAcquire() {
        return (int) STRUCT_REFS.getAcquire(this);
    }

    void setStructRefsRelease(int v) {
        STRUCT_REFS.setRelease(this, v);
    }

    int getAndAddStructRefs(int d) {
        return (int) STRUCT_REFS.getAndAdd(this, d);
    }

    long getHeadUnitsAcquire() {
        return (long) HEAD_UNITS.getAcquire(this);
    }

    boolean compareAndSetHeadUnits(long expected, long v) {
        return HEAD_UNITS.compareAndSet(this, expected, v);
    }

    void clearHeadUnits(long units) {
        HEAD_UNITS.getAndBitwiseAnd(this, ~units);
    }
}
