package skbstress.impl;

import skbstress.api.DatarefWord;
import skbstress.api.ErrorCode;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.Refcount;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.SlabCache;
import skbstress.impl.slab.ThreadCaches;

/**
 * Constructors, users, clones and the free pipeline, thread-safe where the kernel allows: any holder
 * may get or drop a reference on any thread; clones of one skb, and the two members of a pair, die on
 * any thread. The kernel's exclusive fast paths are kept: the sole owner (users == 1) frees without a
 * decrement, the last data reference (dataref == bias) releases without one, and ORIG reading
 * fclone_ref == 1 takes skb2 with a plain store and frees the pair without an atomic.
 *
 * <p>Refusals are checked before anything changes; the hot paths build no message unless they refuse.
 */
final class ImplLifetime {
    private final ImplState st;
    private ImplZeroCopy zeroCopy;
    private ImplFrags frags;

    ImplLifetime(ImplState st) {
        this.st = st;
    }

    void wire(ImplZeroCopy zc, ImplFrags f) {
        this.zeroCopy = zc;
        this.frags = f;
    }

    // ---------------------------------------------------------------- handles

    static long handleOf(SkbDesc d) {
        return HandleWord.make(d.getGenPlain(), d.fclone == SkbDesc.CLONE ? HandleWord.SKB2 : HandleWord.SKB,
                d.fclone == SkbDesc.UNAVAILABLE ? SkbOps.HEAD_CACHE : SkbOps.FCLONE_CACHE, d.index);
    }

    /** The live skb a handle names, or the refusal: NOT_ALLOCATED, DOUBLE_FREE or USE_AFTER_FREE. */
    SkbDesc skb(long h, String op, boolean dropping) {
        int kind = HandleWord.kind(h);
        int cache = HandleWord.cache(h);
        int index = HandleWord.index(h);
        SkbDesc d = null;
        if (kind == HandleWord.SKB && cache == SkbOps.HEAD_CACHE) {
            d = (SkbDesc) st.headCache.payloadIfExists(index);
        } else if ((kind == HandleWord.SKB || kind == HandleWord.SKB2) && cache == SkbOps.FCLONE_CACHE) {
            FclonePair p = (FclonePair) st.fcloneCache.payloadIfExists(index);
            if (p != null) {
                d = kind == HandleWord.SKB ? p.skb1 : p.skb2;
            }
        }
        int g = HandleWord.generation(h);
        if (d != null && HandleWord.allocated(g)) {
            int now = d.getGenAcquire(); // acquire: pairs with the release that began or ended its life
            if (now == g) {
                return d;
            }
            if (Integer.compareUnsigned(g, now) < 0) {
                throw ImplState.dead(dropping, dropping ? "I-USERS-2" : "I-USERS-3", op + ": skb "
                        + Long.toHexString(h) + " was already released"
                        + (dropping ? " (users already 0)" : " (increment or use from 0)"));
            }
        }
        throw new SkbException(ErrorCode.NOT_ALLOCATED, op + ": " + Long.toHexString(h)
                + " is not an skb this implementation handed out");
    }

    // ---------------------------------------------------------------- constructors

    void requireRoom(ThreadCaches tc, boolean fclone, int headBytes) {
        if (!st.bounded) {
            return; // nothing can run out: unbounded caches grow
        }
        SlabCache structs = fclone ? st.fcloneCache : st.headCache;
        if (!structs.canAlloc(tc.magazine(structs.id))) {
            throw new SkbException(ErrorCode.EXHAUSTED, "I-SLAB-7", structs.name + " is exhausted ("
                    + structs.capacity + " objects)");
        }
        if (headBytes > 0) {
            SlabCache heads = st.kmallocFor(headBytes);
            if (!heads.canAlloc(tc.magazine(heads.id))) {
                throw new SkbException(ErrorCode.EXHAUSTED, "I-SLAB-7", heads.name + " is exhausted ("
                        + heads.capacity + " objects); the new struct goes back to " + structs.name);
            }
        }
    }

    static void requireSize(int size, String op) {
        if (size < 0 || Kernel.skbHeadBufferSize(size) > Kernel.KMALLOC_MAX_SIZE || Kernel.skbHeadBufferSize(size) <= 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-GEOM-4", String.format(
                    "%s: size %d outside [0, %d]", op, size, Kernel.skbWithOverhead(Kernel.KMALLOC_MAX_SIZE)));
        }
    }

    long allocSkb(int size, boolean fclone) {
        requireSize(size, "alloc_skb");
        ThreadCaches tc = st.visible.local();
        requireRoom(tc, fclone, Kernel.skbHeadBufferSize(size));
        return handleOf(allocKmallocSkb(tc, size, fclone));
    }


    /** __alloc_skb once checked: struct from its cache, head from kmalloc, shared info with the head. */
    SkbDesc allocKmallocSkb(ThreadCaches tc, int size, boolean fclone) {
        int dataSize = Kernel.skbDataAlign(size);
        SlabCache heads = st.kmallocFor(dataSize + Kernel.skbDataAlign(Kernel.SHINFO_SIZE));
        SkbDesc d = newStruct(tc, fclone);
        int hi = heads.allocUntracked(tc.magazine(heads.id));
        if (hi < 0) { // lost a race for the last free head of a bounded cache
            undoStruct(tc, d);
            throw new SkbException(ErrorCode.EXHAUSTED, "I-SLAB-7", heads.name + " is exhausted");
        }
        initData(d, Shinfo.ofKmalloc(heads, hi), 0, dataSize);
        return d;
    }

    long devAllocSkb(int len, int reserve) {
        if (len < 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-GEOM-4", "dev_alloc_skb: len " + len + " < 0");
        }
        int size = len + reserve;
        requireSize(size, "dev_alloc_skb");
        ThreadCaches tc = st.visible.local();
        requireRoom(tc, false, Kernel.skbHeadBufferSize(size));
        SkbDesc d = allocKmallocSkb(tc, size, false);
        d.data += reserve;
        d.tail += reserve;
        return handleOf(d);
    }

    /** A struct whose data the caller sets; its shared info comes from the internal cache. */
    SkbDesc newSkbWithShinfo(ThreadCaches tc, Shinfo[] out) {
        SkbDesc d = newStruct(tc, false);
        ThreadCaches itc = st.internal.local();
        int si = st.shinfos.alloc(itc.magazine(st.shinfos.id));
        Shinfo sh = (Shinfo) st.shinfos.payload(si);
        sh.reset();
        sh.headPage = 0;
        sh.driverBuffer = null;
        sh.headCache = null;
        out[0] = sh;
        return d;
    }

    /** Takes a struct: a head-cache object, or skb1 of a new pair; users 1, a new odd generation. */
    SkbDesc newStruct(ThreadCaches tc, boolean fclone) {
        SkbDesc d;
        if (fclone) {
            int pi = st.fcloneCache.allocUntracked(tc.magazine(st.fcloneCache.id));
            if (pi < 0) {
                throw new SkbException(ErrorCode.EXHAUSTED, "I-SLAB-7", st.fcloneCache.name + " is exhausted");
            }
            FclonePair pair = (FclonePair) st.fcloneCache.payload(pi);
            pair.life++;
            pair.setFcloneRefPlain(1); // published with the skb handle
            d = pair.skb1;
        } else {
            int i = st.headCache.allocUntracked(tc.magazine(st.headCache.id));
            if (i < 0) {
                throw new SkbException(ErrorCode.EXHAUSTED, "I-SLAB-7", st.headCache.name + " is exhausted");
            }
            d = (SkbDesc) st.headCache.payload(i);
        }
        beginLife(d);
        return d;
    }

    private static void beginLife(SkbDesc d) {
        d.setUsersPlain(1);
        // release: a stale handle's acquire read sees a new life; the fields initData sets are published
        // with the handle
        d.setGenRelease(d.getGenPlain() + 1);
    }

    private void undoStruct(ThreadCaches tc, SkbDesc d) {
        d.setGenRelease(d.getGenPlain() + 1);
        if (d.fclone == SkbDesc.UNAVAILABLE) {
            st.headCache.freeUntracked(tc.magazine(st.headCache.id), d.index);
        } else {
            st.fcloneCache.freeUntracked(tc.magazine(st.fcloneCache.id), d.pair.index);
        }
    }

    static void initData(SkbDesc d, Shinfo sh, int head, int size) {
        if (d.shinfo != sh) { // reference stores only when they change (see Shinfo.reset)
            d.shinfo = sh;
        }
        d.head = head;
        d.data = head;
        d.tail = head;
        d.end = head + size;
        d.len = 0;
        d.dataLen = 0;
        d.truesize = Kernel.skbTruesize(size);
        d.destructor = 0;
        d.cloned = false;
        d.nohdr = false;
        d.headFrag = false;
        d.hdrLen = 0;
    }

    // ---------------------------------------------------------------- users

    void get(long h, int n) {
        SkbDesc d = skb(h, n == 1 ? "skb_get" : "refcount_add", false);
        if (n < 1) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-USERS-3", "refcount_add: n " + n + " < 1");
        }
        addUsers(d, n);
    }

    /** refcount_add: fetch-and-add, then saturate (and warn) if the old value was bad or the sum overflowed. */
    void addUsers(SkbDesc d, int n) {
        int old = d.getAndAddUsers(n);
        if (Refcount.addSaturates(old, n) && !st.faultWrappingUsers) {
            d.setUsersRelease(Refcount.SATURATED);
            st.warn(ErrorCode.REFCOUNT_SATURATED, "I-REF-2", String.format(
                    "users of skb %x: %d + %d passes REFCOUNT_MAX; saturated at 0x%08x, leaked, never freed",
                    handleOf(d), old, n, Refcount.SATURATED));
        }
    }

    boolean free(long h, String op) {
        if (h == SkbOps.NULL) {
            return false; // kfree_skb(NULL) and consume_skb(NULL) do nothing
        }
        SkbDesc d = skb(h, op, true);
        requireCallerReference(d, op);
        return unref(d);
    }

    static void requireCallerReference(SkbDesc d, String op) {
        int lists = d.getListRefsAcquire();
        if (lists != 0) {
            int users = d.getUsersAcquire();
            if (!Refcount.isSaturated(users) && users <= lists) {
                throw new SkbException(ErrorCode.FREE_IN_USE, "I-FRAG-2", String.format(
                        "%s: skb %x has users %d, all held by %d frag_list(s); the caller holds none to drop", op,
                        handleOf(d), users, lists));
            }
        }
    }

    /**
     * skb_unref then __kfree_skb. The sole owner frees without decrementing: with users == 1 nobody
     * else holds a reference, so nobody may legally take one.
     */
    boolean unref(SkbDesc d) {
        int u = d.getUsersAcquire(); // acquire: pairs with the release decrements of earlier holders
        if (u == 1) {
            kfree(d);
            return true;
        }
        if (Refcount.isSaturated(u)) {
            st.warn(ErrorCode.REFCOUNT_SATURATED, "I-REF-2", "users of skb " + Long.toHexString(handleOf(d))
                    + ": decrement of a saturated counter ignored; object stays leaked");
            return false;
        }
        int old;
        if (st.faultPlainUsers) { // canary: a plain read-modify-write loses racing decrements
            old = d.getUsersPlain();
            d.setUsersPlain(old - 1);
        } else {
            old = d.getAndAddUsers(-1); // release: publishes this holder's writes to the last one
        }
        if (old == 1) { // refcount_dec_and_test raced to the last reference
            kfree(d);
            return true;
        }
        if (old <= 0) {
            d.setUsersRelease(Refcount.SATURATED);
            st.warn(ErrorCode.REFCOUNT_SATURATED, "I-REF-2", "users of skb " + Long.toHexString(handleOf(d))
                    + ": underflow from " + old + "; saturated, leaked");
        }
        return false;
    }

    /** __kfree_skb: head state, data, then the struct. */
    private void kfree(SkbDesc d) {
        if (st.faultFcloneDecrementFirst && d.fclone == SkbDesc.CLONE) {
            ThreadCaches tc = st.visible.local();
            // canary: fclone_ref published as free before the member's state is released
            FclonePair pair = d.pair;
            int old = pair.getAndAddFcloneRef(-1);
            releaseHeadState(d);
            releaseData(tc, d, true);
            d.setGenRelease(d.getGenPlain() + 1);
            if (old == 1) {
                freePair(pair);
            }
            return;
        }
        releaseHeadState(d);
        Shinfo last = dropData(d);
        if (last != null) {
            releaseShinfo(st.visible.local(), last, true);
        }
        kfreeSkbmem(d);
    }

    void releaseHeadState(SkbDesc d) {
        runDestructor(d);
    }

    void runDestructor(SkbDesc d) {
        int tag = d.destructor;
        if (tag != 0) {
            st.destructorLog.add(new Snapshot.DestructorRun(handleOf(d), tag));
            d.destructor = 0;
        }
    }

    /**
     * skb_release_data: this skb's data reference goes; the last one releases the shared info. A never
     * cloned skb is the exclusive owner. dataref == bias means this is the last reference: nobody else
     * can take one, so the atomic is skipped (skb_data_unref).
     */
    void releaseData(ThreadCaches tc, SkbDesc d, boolean freeHead) {
        Shinfo last = dropData(d);
        if (last != null) {
            releaseShinfo(tc, last, freeHead);
        }
    }

    /** Drops this skb's data reference; returns the shared info when that was the last one, else null. */
    Shinfo dropData(SkbDesc d) {
        Shinfo sh = d.shinfo; // left in place: a dead struct is never read through (its generation is even)
        if (d.cloned) {
            int bias = d.nohdr ? DatarefWord.NOHDR_BIAS : DatarefWord.ONE;
            // acquire: pairs with the release decrements of the other sharers
            if (sh.getDatarefAcquire() != bias) {
                int left;
                if (st.faultPlainDataref) { // canary: a plain read-modify-write
                    left = sh.getDatarefPlain() - bias;
                    sh.setDatarefPlain(left);
                } else {
                    left = sh.getAndAddDataref(-bias) - bias; // release: publishes our use of the data
                }
                if (left != 0) {
                    return null;
                }
            }
        }
        return sh;
    }

    /** Everything a shared info owns, released by the one that dropped the last reference. */
    void releaseShinfo(ThreadCaches tc, Shinfo sh, boolean freeHead) {
        zeroCopy.zcopyClear(sh, true);
        for (int i = 0; i < sh.nrFrags; i++) {
            frags.structUnref(sh.fragPage[i]);
        }
        for (int i = 0; i < sh.fragListCount; i++) {
            SkbDesc m = sh.fragList[i];
            sh.fragList[i] = null;
            m.getAndAddListRefs(-1);
            unref(m);
        }
        sh.fragListCount = 0;
        if (freeHead) {
            freeHead(tc, sh);
        } else {
            freeShinfoObject(sh);
        }
    }

    /** skb_free_head: the head goes back where it came from (with the shared info it carries). */
    void freeHead(ThreadCaches tc, Shinfo sh) {
        switch (sh.headKind) {
            case KMALLOC -> sh.headCache.freeUntracked(tc.magazine(sh.headCache.id), sh.headIndex);
            case CACHE -> {
                sh.headCache.setOwnerRelease(sh.headIndex, 0);
                sh.headCache.free(tc.magazine(sh.headCache.id), sh.headIndex);
                freeShinfoObject(sh);
            }
            case PAGE_FRAG -> {
                frags.meta(HandleWord.index(sh.headPage)).clearHeadUnits(sh.headUnits);
                frags.structUnref(sh.headPage);
                freeShinfoObject(sh);
            }
            case DRIVER_SLICE -> {
                sh.driverBuffer.releaseLines(sh.firstLine, sh.endLine);
                zeroCopy.driverUnref(sh.driverBuffer);
                freeShinfoObject(sh);
            }
            default -> throw new IllegalStateException();
        }
    }

    void freeShinfoObject(Shinfo sh) {
        if (sh.home == st.shinfos) {
            sh.driverBuffer = null;
            st.shinfos.free(st.internal.local().magazine(st.shinfos.id), sh.homeIndex);
        }
    }

    /**
     * kfree_skbmem: a head-cache struct goes back; ORIG reading fclone_ref == 1 frees the pair at once;
     * otherwise the member's decrement (release: the member is dead before it) decides, and the one
     * reaching 0 frees the pair.
     */
    void kfreeSkbmem(SkbDesc d) {
        // release: the struct is dead (stale handles refused) before anyone can reuse it
        d.setGenRelease(d.getGenPlain() + 1);
        switch (d.fclone) {
            case SkbDesc.UNAVAILABLE -> st.headCache.freeUntracked(st.visible.local().magazine(st.headCache.id),
                    d.index);
            case SkbDesc.ORIG -> {
                FclonePair pair = d.pair;
                // acquire: pairs with the dying clone's release decrement
                if (pair.getFcloneRefAcquire() == 1 || decFcloneRef(pair)) {
                    freePair(pair);
                }
            }
            default -> {
                if (decFcloneRef(d.pair)) {
                    freePair(d.pair);
                }
            }
        }
    }

    private void freePair(FclonePair pair) {
        st.fcloneCache.freeUntracked(st.visible.local().magazine(st.fcloneCache.id), pair.index);
    }

    /** refcount_dec_and_test(&fclone_ref): true for the decrement that frees the pair. */
    private boolean decFcloneRef(FclonePair pair) {
        int old = pair.getAndAddFcloneRef(-1); // release: publishes the member's release; acquire for the freer
        return old - 1 == (st.faultPairAtOne ? 1 : 0);
    }

    // ---------------------------------------------------------------- clones

    /** Checks that a clone can be made; returns whether it takes the fast path. */
    boolean checkClone(SkbDesc d, String op) {
        Shinfo sh = d.shinfo;
        int word = sh.getDatarefAcquire();
        if (DatarefWord.all(word) >= DatarefWord.MASK) {
            throw new SkbException(ErrorCode.DATAREF_OVERFLOW, "I-DATA-2", String.format(
                    "%s: dataref %s of skb %x: another clone would carry out of the low 16 bits", op,
                    DatarefWord.describe(word), handleOf(d)));
        }
        zeroCopy.checkOrphan(d, op);
        boolean fast = d.fclone == SkbDesc.ORIG && d.pair.getFcloneRefAcquire() == 1;
        if (!fast) {
            requireRoom(st.visible.local(), false, 0);
        }
        if (zeroCopy.needsOrphan(sh)) {
            frags.requirePages(zeroCopy.orphanPages(sh), op);
        }
        return fast;
    }

    long clone(long h) {
        SkbDesc d = skb(h, "skb_clone", false);
        boolean fast = checkClone(d, "skb_clone");
        return handleOf(doClone(d, fast));
    }

    /**
     * skb_clone once checked: zero-copy frags orphaned first; then skb2 when ORIG read fclone_ref == 1
     * (a plain store of 2 suffices: only ORIG's holder hands out skb2, and fclone_ref == 1 proved skb2
     * dead), else a struct from the head cache.
     */
    SkbDesc doClone(SkbDesc d, boolean fast) {
        zeroCopy.orphanIfNeeded(d);
        SkbDesc n;
        if (fast) {
            FclonePair pair = d.pair;
            pair.setFcloneRefRelease(2); // release: ordered before skb2 is handed out
            n = pair.skb2;
            n.setUsersPlain(1);
            // release: a stale handle's acquire read sees a new life; the fields below are published with the handle
            n.setGenRelease(n.getGenPlain() + 1);
        } else {
            n = newStruct(st.visible.local(), false);
        }
        Shinfo sh = d.shinfo;
        if (n.shinfo != sh) {
            n.shinfo = sh;
        }
        n.head = d.head;
        n.data = d.data;
        n.tail = d.tail;
        n.end = d.end;
        n.len = d.len;
        n.dataLen = d.dataLen;
        n.truesize = d.truesize;
        n.headFrag = d.headFrag;
        n.hdrLen = d.nohdr ? d.headroom() : d.hdrLen;
        n.cloned = true;
        n.nohdr = false;
        n.destructor = 0;
        sh.getAndAddDataref(1);
        d.cloned = true;
        return n;
    }

    void headerRelease(long h) {
        SkbDesc d = skb(h, "__skb_header_release", false);
        Shinfo sh = d.shinfo;
        int word = sh.getDatarefAcquire();
        if (DatarefWord.cloned(d.cloned, word)) {
            throw new SkbException(ErrorCode.HEADER_RELEASE_CLONED, "I-DATA-2", String.format(
                    "__skb_header_release: skb %x data is already cloned (dataref %s); setting dataref "
                            + "would erase the clones' references", h, DatarefWord.describe(word)));
        }
        d.nohdr = true;
        sh.setDatarefRelease(DatarefWord.NOHDR_BIAS); // a plain set, as the kernel's: only the sole owner is here
    }

    boolean cloned(long h) {
        SkbDesc d = skb(h, "skb_cloned", false);
        return DatarefWord.cloned(d.cloned, d.shinfo.getDatarefAcquire());
    }

    boolean headerCloned(long h) {
        SkbDesc d = skb(h, "skb_header_cloned", false);
        return DatarefWord.headerCloned(d.cloned, d.shinfo.getDatarefAcquire());
    }

    long shareCheck(long h) {
        SkbDesc d = skb(h, "skb_share_check", true);
        requireCallerReference(d, "skb_share_check");
        if (d.getUsersAcquire() == 1) {
            return h;
        }
        int word = d.shinfo.getDatarefAcquire();
        if (DatarefWord.all(word) >= DatarefWord.MASK) {
            throw new SkbException(ErrorCode.DATAREF_OVERFLOW, "I-DATA-2", String.format(
                    "skb_share_check: dataref %s of skb %x is full", DatarefWord.describe(word), h));
        }
        boolean fast;
        try {
            fast = checkClone(d, "skb_share_check");
        } catch (SkbException e) {
            if (e.code() != ErrorCode.EXHAUSTED && e.code() != ErrorCode.ORPHAN_SHARED) {
                throw e;
            }
            unref(d);
            return SkbOps.NULL;
        }
        SkbDesc n = doClone(d, fast);
        unref(d);
        return handleOf(n);
    }

    long unshare(long h) {
        SkbDesc d = skb(h, "skb_unshare", true);
        requireCallerReference(d, "skb_unshare");
        if (!DatarefWord.cloned(d.cloned, d.shinfo.getDatarefAcquire())) {
            return h;
        }
        ThreadCaches tc = st.visible.local();
        try {
            frags.checkCopy(tc, d, "skb_unshare");
        } catch (SkbException e) {
            if (e.code() != ErrorCode.EXHAUSTED) {
                throw e;
            }
            unref(d);
            return SkbOps.NULL;
        }
        SkbDesc n = frags.doCopy(tc, d);
        unref(d);
        return handleOf(n);
    }

    // ---------------------------------------------------------------- destructors

    void setDestructor(long h, int tag) {
        SkbDesc d = skb(h, "set destructor", false);
        if (tag <= 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-DESTR-1", "destructor tag " + tag + " must be > 0");
        }
        if (d.destructor != 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-DESTR-1", String.format(
                    "skb %x already has destructor %d; skb_orphan it first", h, d.destructor));
        }
        d.destructor = tag;
    }

    void orphan(long h) {
        runDestructor(skb(h, "skb_orphan", false));
    }
}
