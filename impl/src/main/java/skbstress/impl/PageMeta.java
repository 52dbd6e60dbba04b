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
final class PageMeta extends Tracked {
    private static final VarHandle REFS;
    private static final VarHandle HEAD_UNITS;
    private static final VarHandle PP;
    /** The pp word's flag: a page_pool page (page->pp set); below it, pp references (30 bits) and structures'. */
    private static final long IS_PP = 1L << 62;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            REFS = l.findVarHandle(PageMeta.class, "refs", long.class);
            HEAD_UNITS = l.findVarHandle(PageMeta.class, "headUnits", long.class);
            PP = l.findVarHandle(PageMeta.class, "pp", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through REFS
    private long refs;
    /** One bit per SMP_CACHE_BYTES line held by a build_skb head (I-FRAG-4). */
    @SuppressWarnings("unused") // through HEAD_UNITS
    private long headUnits;
    /**
     * page_pool state, one word so that the last pp reference is decided once and a caller's check and take are
     * one step: IS_PP, then pp_ref_count (all pp references) in bits 32..61, then those structures own.
     */
    @SuppressWarnings("unused") // through PP
    private long pp;
    /** The pool while IS_PP is set: written before the word's release store, read by holders of a pp reference. */
    ImplPool pool;

    private static long word(int refcount, int structRefs) {
        return ((long) refcount << 32) | (structRefs & 0xFFFF_FFFFL);
    }

    /**
     * acquire: pairs with the other holders' release RMWs of REFS, so their accesses to the page come before what
     * the caller does next; the CAS loops it seeds re-validate the word.
     */
    private long getRefsAcquire() {
        return (long) REFS.getAcquire(this);
    }

    int refcount() {
        // acquire: pairs with the holders' drops; lastDropped recycles on it, refusals and snapshots report it
        return (int) (getRefsAcquire() >>> 32);
    }

    int structRefs() {
        // acquire: as refcount(); a count read for reports, nothing is read through it
        return (int) getRefsAcquire();
    }

    boolean callerHoldsReference() {
        long w = getRefsAcquire(); // acquire: a check the take's CAS repeats; the caller's reads follow drops
        return (int) (w >>> 32) > (int) w;
    }

    /** A new page: one reference, the caller's. Release: publishes the zeroed bytes with the page. */
    void start() {
        REFS.setRelease(this, word(1, 0));
        HEAD_UNITS.setRelease(this, 0L);
        PP.setRelease(this, 0L); // an ordinary page (a pool page left its pool before it was freed)
    }

    /** get_page: false at INT_MAX (refused rather than wrapped) or when the page is already free. */
    int getCaller() {
        while (true) {
            long w = getRefsAcquire(); // acquire: seeds the CAS, which re-validates it; a refusal reads no more
            int r = (int) (w >>> 32);
            if (r == 0 || r == Integer.MAX_VALUE) {
                return r;
            }
            // acquire and release: checks the page is live and takes the reference at once; a lost CAS re-reads
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
            long w = getRefsAcquire(); // acquire: seeds the CAS, which re-validates it; a refusal reads no more
            int r = (int) (w >>> 32);
            int s = (int) w;
            if (r == 0 || r <= s) {
                return w;
            }
            // acquire and release: the drop orders our accesses before the free, and the one that takes the count
            // to 0 (its caller frees) reads every other holder's drop first; a lost CAS re-reads
            if (REFS.compareAndSet(this, w, word(r - 1, s))) {
                return w;
            }
        }
    }

    /** The caller hands its reference to a structure (a frag, a head): false when it holds none. */
    boolean takeCallerReference() {
        while (true) {
            long w = getRefsAcquire(); // acquire: seeds the CAS, which re-validates it; a refusal reads no more
            int r = (int) (w >>> 32);
            int s = (int) w;
            if (r <= s) {
                return false;
            }
            // acquire and release: the check (the caller holds one) and the hand-over are one; a lost CAS re-reads
            if (REFS.compareAndSet(this, w, word(r, s + 1))) {
                return true;
            }
        }
    }

    /** A new structure shares the page: one more reference, owned by it. */
    void structRef() {
        REFS.getAndAdd(this, word(1, 1)); // acquire and release: atomic, racing refs and drops never lose one
    }

    /** A structure drops its reference; true when the page is now free. Release: our reads before its reuse. */
    boolean structUnref() {
        return (long) REFS.getAndAdd(this, -word(1, 1)) >>> 32 == 1;
    }

    /**
     * acquire: pairs with clearHeadUnits' release RMW; it only decides an early refusal and seeds the claim loop,
     * whose CAS re-validates the lines.
     */
    long getHeadUnitsAcquire() {
        return (long) HEAD_UNITS.getAcquire(this);
    }

    /** Takes lines of the page for a build_skb head; false when another head holds one of them. */
    boolean claimHeadUnits(long units) {
        while (true) {
            long held = getHeadUnitsAcquire(); // acquire: seeds the CAS below, which re-validates it
            if ((held & units) != 0) {
                return false;
            }
            // acquire and release: reads the last releasing head's getAndBitwiseAnd, so its accesses to those lines
            // come before the new head's writes; a lost CAS re-reads
            if (HEAD_UNITS.compareAndSet(this, held, held | units)) {
                return true;
            }
        }
    }

    void clearHeadUnits(long units) {
        HEAD_UNITS.getAndBitwiseAnd(this, ~units); // release: this head's accesses to the lines, to the next claim
    }

    /**
     * Sets the reference count, keeping the structures' share: INT_MAX takes 2^31 get_page calls to reach.
     * Racy but benign: a test hook on a page only the test's thread uses; a racing update would be lost.
     */
    void refcountForTest(int refcount) {
        REFS.setRelease(this, word(refcount, (int) getRefsAcquire()));
    }

    // ---------------------------------------------------------------- page_pool (specs/pagepool.md)

    private static long ppWord(int ppRefs, int ppStructRefs) {
        return IS_PP | ((long) ppRefs << 32) | (ppStructRefs & 0xFFFF_FFFFL);
    }

    private static int ppRefs(long w) {
        return (int) (w >>> 32) & 0x3FFF_FFFF;
    }

    /** acquire: a holder that reads the word orders its later reads of the page after the other holders' releases. */
    long getPpAcquire() {
        return (long) PP.getAcquire(this);
    }

    boolean isPp() {
        // acquire: pairs with startPool's release (the pool field is written before it) and with leavePool's
        return (getPpAcquire() & IS_PP) != 0;
    }

    /** pp references held (0 for an ordinary page and for one in its pool's cache). */
    int ppRefCount() {
        long w = getPpAcquire(); // acquire: a count for refusals and snapshots; nothing is read through it
        return (w & IS_PP) == 0 ? 0 : ppRefs(w);
    }

    /**
     * A new pool page: the pool's page reference (owned like a structure's, so no caller can put_page it) and
     * the caller's pp reference. Release: the pool field and the REFS store precede the word, and the page
     * reaches other threads only through its handle, returned after this.
     */
    void startPool(ImplPool p) {
        pool = p;
        REFS.setRelease(this, word(1, 1));
        PP.setRelease(this, ppWord(1, 0));
    }

    /**
     * A page popped from its pool's cache: no one else holds it (refcount 1, no pp reference), so a release store
     * gives the popper its pp reference; the next thread to see it gets the handle from the popper.
     * Release: publishes the reset word with the page, though the handle's hand-off orders it anyway.
     */
    void reuse() {
        PP.setRelease(this, ppWord(1, 0));
    }

    /** page_pool_return_page: the page leaves its pool. Release: our last pp-state reads happen before. */
    void leavePool() {
        PP.setRelease(this, 0L);
    }

    /** Whether a caller holds a pp reference (one no structure owns). */
    boolean callerHoldsPpReference() {
        long w = getPpAcquire(); // acquire: a check the take's CAS repeats; the caller's reads follow drops
        return (w & IS_PP) != 0 && ppRefs(w) > (int) w;
    }

    /** The caller's pp reference handed to a structure (a frag, a head): false when it holds none. */
    boolean takeCallerPpReference() {
        while (true) {
            long w = getPpAcquire(); // acquire: seeds the CAS, which re-validates it; a refusal reads no more
            int r = ppRefs(w);
            if ((w & IS_PP) == 0 || r <= (int) w) {
                return false;
            }
            if (PP.compareAndSet(this, w, ppWord(r, (int) w + 1))) { // acquire and release: check and take are one
                return true;
            }
        }
    }

    /**
     * page_pool_put_full_page by a caller: -1 when the caller holds no pp reference (or the page is no pool page,
     * -2), else whether this was the last pp reference (1) or not (0). The CAS decides "last" once: two callers
     * can never both see 1.
     */
    int putCallerPp() {
        while (true) {
            long w = getPpAcquire(); // acquire: seeds the CAS, which re-validates it; a refusal reads no more
            int r = ppRefs(w);
            if ((w & IS_PP) == 0) {
                return -2;
            }
            if (r <= (int) w) {
                return -1;
            }
            // acquire and release: orders our use of the page before the last's recycle; "last" is decided once
            if (PP.compareAndSet(this, w, ppWord(r - 1, (int) w))) {
                return r == 1 ? 1 : 0;
            }
        }
    }

    /** skb_pp_frag_ref: one more pp reference, owned by a new frag (its source holds one, so the page stays). */
    void structPpRef() {
        PP.getAndAdd(this, (1L << 32) + 1); // acquire and release: racing references and drops never lose one
    }

    /** napi_pp_put_page of a structure's pp reference: true when it was the last (decided by the RMW's result). */
    boolean structPpPut() {
        // acquire and release: one decrement sees 1, and it reads every other holder's drop, so their uses of the
        // page come before lastDropped's recycle
        long was = (long) PP.getAndAdd(this, -((1L << 32) + 1));
        return ppRefs(was) == 1;
    }

    /**
     * get_page through a held pp reference: a temporary pp reference taken while the caller still holds one, so
     * the page cannot be recycled before the page reference lands; dropped with {@link #structPpPutPin}.
     */
    boolean pinPp() {
        while (true) {
            long w = getPpAcquire(); // acquire: seeds the CAS, which re-validates it; a refusal reads no more
            int r = ppRefs(w);
            if ((w & IS_PP) == 0 || r <= (int) w) {
                return false;
            }
            if (PP.compareAndSet(this, w, ppWord(r + 1, (int) w))) { // acquire and release: checked, taken at once
                return true;
            }
        }
    }

    /** Drops {@link #pinPp}'s temporary reference: true when it was the last (the caller's went meanwhile). */
    boolean structPpPutPin() {
        // acquire and release: the last is decided once, after every other holder's drop (as structPpPut)
        long was = (long) PP.getAndAdd(this, -(1L << 32));
        return ppRefs(was) == 1;
    }

    /** get_page by a caller that holds a page reference of its own (a pool page's get needs one). */
    boolean getCallerHolding() {
        while (true) {
            long w = getRefsAcquire(); // acquire: seeds the CAS, which re-validates it; a refusal reads no more
            int r = (int) (w >>> 32);
            if (r <= (int) w || r == Integer.MAX_VALUE) {
                return false;
            }
            if (REFS.compareAndSet(this, w, word(r + 1, (int) w))) { // acquire and release: check and take are one
                return true;
            }
        }
    }
}
