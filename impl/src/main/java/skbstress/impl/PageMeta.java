package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A page's counters: its references, and how many of those structures own (frags, page-fragment heads),
 * in one word, so that a caller's drop and a transfer of the caller's reference to a structure decide
 * on the same values.
 *
 * <pre>
 *  63                        32 31                         0
 * +----------------------------+----------------------------+
 * |     refcount (all refs)    |  structure references      |
 * +----------------------------+----------------------------+
 * </pre>
 * The caller's share is the difference; a caller may only drop or hand over a reference while it is
 * positive (I-FRAG-1).
 */
final class PageMeta {
    private static final VarHandle REFS;
    private static final VarHandle HEAD_UNITS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            REFS = l.findVarHandle(PageMeta.class, "refs", long.class);
            HEAD_UNITS = l.findVarHandle(PageMeta.class, "headUnits", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through REFS
    private long refs;
    /** One bit per SMP_CACHE_BYTES line held by a build_skb head (I-FRAG-4). */
    @SuppressWarnings("unused") // through HEAD_UNITS
    private long headUnits;

    private static long word(int refcount, int structRefs) {
        return ((long) refcount << 32) | (structRefs & 0xFFFF_FFFFL);
    }

    private long getRefsAcquire() {
        return (long) REFS.getAcquire(this);
    }

    int refcount() {
        return (int) (getRefsAcquire() >>> 32);
    }

    int structRefs() {
        return (int) getRefsAcquire();
    }

    boolean callerHoldsReference() {
        long w = getRefsAcquire();
        return (int) (w >>> 32) > (int) w;
    }

    /** A new page: one reference, the caller's. Release: publishes the zeroed bytes with the page. */
    void start() {
        REFS.setRelease(this, word(1, 0));
        HEAD_UNITS.setRelease(this, 0L);
    }

    /** get_page: false at INT_MAX (refused rather than wrapped) or when the page is already free. */
    int getCaller() {
        while (true) {
            long w = getRefsAcquire();
            int r = (int) (w >>> 32);
            if (r == 0 || r == Integer.MAX_VALUE) {
                return r;
            }
            if (REFS.compareAndSet(this, w, word(r + 1, (int) w))) {
                return r;
            }
        }
    }

    /**
     * put_page by a caller: returns the refcount before (0: already free; the caller holds none when it is
     * not above the structure references, and nothing changes); the page is free when it returns 1.
     */
    long putCaller() {
        while (true) {
            long w = getRefsAcquire();
            int r = (int) (w >>> 32);
            int s = (int) w;
            if (r == 0 || r <= s) {
                return w;
            }
            if (REFS.compareAndSet(this, w, word(r - 1, s))) {
                return w;
            }
        }
    }

    /** The caller hands its reference to a structure (a frag, a head): false when it holds none. */
    boolean takeCallerReference() {
        while (true) {
            long w = getRefsAcquire();
            int r = (int) (w >>> 32);
            int s = (int) w;
            if (r <= s) {
                return false;
            }
            if (REFS.compareAndSet(this, w, word(r, s + 1))) {
                return true;
            }
        }
    }

    /** A new structure shares the page: one more reference, owned by it. */
    void structRef() {
        REFS.getAndAdd(this, word(1, 1));
    }

    /** A structure drops its reference; true when the page is now free. Release: our reads before its reuse. */
    boolean structUnref() {
        return (long) REFS.getAndAdd(this, -word(1, 1)) >>> 32 == 1;
    }

    long getHeadUnitsAcquire() {
        return (long) HEAD_UNITS.getAcquire(this);
    }

    /** Takes lines of the page for a build_skb head; false when another head holds one of them. */
    boolean claimHeadUnits(long units) {
        while (true) {
            long held = getHeadUnitsAcquire();
            if ((held & units) != 0) {
                return false;
            }
            if (HEAD_UNITS.compareAndSet(this, held, held | units)) {
                return true;
            }
        }
    }

    void clearHeadUnits(long units) {
        HEAD_UNITS.getAndBitwiseAnd(this, ~units);
    }

    /** Sets the reference count, keeping the structures' share: INT_MAX takes 2^31 get_page calls to reach. */
    void refcountForTest(int refcount) {
        REFS.setRelease(this, word(refcount, (int) getRefsAcquire()));
    }
}
