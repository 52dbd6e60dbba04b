package skbstress.model;

import skbstress.api.DatarefWord;
import skbstress.api.ErrorCode;
import skbstress.api.FcloneState;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

import static skbstress.model.ModelState.ensure;
import static skbstress.model.ModelState.require;

/**
 * The life of an skb: constructors, users, clones, and the one free pipeline
 * (skb_unref, then skb_release_all = head state + data, then kfree_skbmem).
 *
 * <p>Every public operation first checks everything that can refuse it, then changes state; the
 * change itself never refuses.
 */
final class Lifetime {
    private final ModelState state;
    private ZeroCopy zeroCopy;
    private Frags frags;

    Lifetime(ModelState state) {
        this.state = state;
    }

    void wire(ZeroCopy zc, Frags f) {
        this.zeroCopy = zc;
        this.frags = f;
    }

    // ---------------------------------------------------------------- constructors

    /** Refuses unless a new struct (and, for kmalloc heads, a head buffer of {@code headBytes}) can be had. */
    void requireRoom(boolean fclone, int headBytes) {
        ModelCache structs = fclone ? state.fcloneCache() : state.headCache();
        require(structs.canAlloc(), ErrorCode.EXHAUSTED, "I-SLAB-7", structs.name + " is exhausted ("
                + structs.capacity + " objects)");
        if (headBytes > 0) {
            ModelCache heads = state.kmalloc(headBytes);
            require(heads.canAlloc(), ErrorCode.EXHAUSTED, "I-SLAB-7", heads.name + " is exhausted ("
                    + heads.capacity + " objects); the new struct goes back to " + structs.name);
        }
    }

    static void requireSize(int size, String op) {
        require(size >= 0 && Kernel.skbHeadBufferSize(size) <= Kernel.KMALLOC_MAX_SIZE
                        && Kernel.skbHeadBufferSize(size) > 0, ErrorCode.INVALID_ARGUMENT, "I-GEOM-4",
                String.format("%s: size %d outside [0, %d]", op, size,
                        Kernel.skbWithOverhead(Kernel.KMALLOC_MAX_SIZE)));
    }

    long allocSkb(int size, boolean fclone) {
        requireSize(size, "alloc_skb");
        requireRoom(fclone, Kernel.skbHeadBufferSize(size));
        return allocKmallocSkb(size, fclone).handle;
    }

    /** __alloc_skb once checked: struct from its cache, head from kmalloc, shared info at end. */
    ModelSkb allocKmallocSkb(int size, boolean fclone) {
        int dataSize = Kernel.skbDataAlign(size);
        ModelSkb skb = newStruct(fclone);
        ModelCache heads = state.kmalloc(dataSize + Kernel.skbDataAlign(Kernel.SHINFO_SIZE));
        ModelShinfo sh = new ModelShinfo(state.next(Handles.Kind.SHINFO), HeadKind.KMALLOC,
                allocObject(heads, ModelCache.Owner.SKB_HEAD), null, null);
        initData(skb, sh, 0, dataSize);
        return skb;
    }

    long devAllocSkb(int len, int reserve) {
        require(len >= 0, ErrorCode.INVALID_ARGUMENT, "I-GEOM-4", "dev_alloc_skb: len " + len + " < 0");
        int size = len + reserve;
        requireSize(size, "dev_alloc_skb");
        requireRoom(false, Kernel.skbHeadBufferSize(size));
        ModelSkb skb = allocKmallocSkb(size, false);
        skb.data += reserve;
        skb.tail += reserve;
        return skb.handle;
    }

    long allocSkbFromCache(int cacheId, int size) {
        ModelCache cache = state.cache(cacheId);
        require(cacheId != SkbOps.HEAD_CACHE && cacheId != SkbOps.FCLONE_CACHE, ErrorCode.INVALID_ARGUMENT,
                "I-SLAB-6", "alloc_skb_from_cache: " + cache.name + " holds sk_buff structs, not heads");
        require(size >= 0, ErrorCode.INVALID_ARGUMENT, "I-GEOM-4", "alloc_skb_from_cache: size " + size + " < 0");
        int dataSize = Kernel.skbDataAlign(size);
        int need = dataSize + Kernel.skbDataAlign(Kernel.SHINFO_SIZE);
        require(cache.objectSize >= need, ErrorCode.CACHE_TOO_SMALL, "I-GEOM-4", String.format(
                "alloc_skb_from_cache: %s holds %d-byte objects; %d bytes of data need %d (data %d + shared info %d)",
                cache.name, cache.objectSize, size, need, dataSize, Kernel.skbDataAlign(Kernel.SHINFO_SIZE)));
        requireRoom(false, 0);
        require(cache.canAlloc(), ErrorCode.EXHAUSTED, "I-SLAB-7", cache.name + " is exhausted");
        ModelSkb skb = newStruct(false);
        ModelShinfo sh = new ModelShinfo(state.next(Handles.Kind.SHINFO), HeadKind.CACHE,
                allocObject(cache, ModelCache.Owner.SKB_HEAD), null, null);
        initData(skb, sh, 0, dataSize);
        return skb.handle;
    }

    long buildSkb(long pageHandle, int offset, int fragSize) {
        ModelPage page = state.page(pageHandle, "build_skb", false);
        int overhead = Kernel.skbDataAlign(Kernel.SHINFO_SIZE);
        require(fragSize > overhead && offset >= 0 && offset % Kernel.SMP_CACHE_BYTES == 0
                        && (long) offset + fragSize <= Kernel.PAGE_SIZE, ErrorCode.INVALID_ARGUMENT, "I-GEOM-4",
                String.format("build_skb: fragment [%d, %d) must start on a %d-byte line, leave room for the %d-byte "
                        + "shared info, and lie within the %d-byte page", offset, (long) offset + fragSize,
                        Kernel.SMP_CACHE_BYTES, overhead, Kernel.PAGE_SIZE));
        long units = Kernel.pageUnits(offset, fragSize);
        require((page.headUnits & units) == 0, ErrorCode.FRAG_RANGE, "I-FRAG-4", String.format(
                "build_skb: fragment [%d, %d) of page %x overlaps another skb head on it", offset, offset + fragSize,
                pageHandle));
        require(page.callerHoldsReference(), ErrorCode.FREE_IN_USE, "I-FRAG-1", String.format(
                "build_skb: page %x has refcount %d, all owned by structures; the caller holds none to hand over",
                pageHandle, page.refcount));
        requireRoom(false, 0);
        ModelSkb skb = newStruct(false);
        ModelShinfo sh = new ModelShinfo(state.next(Handles.Kind.SHINFO), HeadKind.PAGE_FRAG, null, page, null);
        sh.headUnits = units;
        page.headUnits |= units;
        page.structRefs++;
        initData(skb, sh, offset, Kernel.skbWithOverhead(fragSize));
        skb.headFrag = true;
        return skb.handle;
    }

    /** A zero-copy skb over [offset, offset + len) of a driver buffer: the data is already there. */
    ModelSkb newDriverSliceSkb(ModelDriverBuffer buffer, int offset, int len) {
        ModelSkb skb = newStruct(false);
        ModelShinfo sh = new ModelShinfo(state.next(Handles.Kind.SHINFO), HeadKind.DRIVER_SLICE, null, null,
                buffer);
        buffer.refcount++;
        sh.firstLine = offset / Kernel.SMP_CACHE_BYTES;
        sh.endLine = (offset + len + Kernel.SMP_CACHE_BYTES - 1) / Kernel.SMP_CACHE_BYTES;
        buffer.lines.set(sh.firstLine, sh.endLine);
        initData(skb, sh, offset, len);
        skb.tail = offset + len;
        skb.len = len;
        return skb;
    }

    ModelCache.Allocation allocObject(ModelCache cache, ModelCache.Owner owner) {
        ModelCache.Obj o = cache.alloc();
        ModelCache.Allocation a = new ModelCache.Allocation(state.next(Handles.Kind.OBJECT), o, owner);
        o.current = a;
        state.objects.put(a.handle, a);
        state.liveObjects.put(a.handle, a);
        return a;
    }

    void freeObject(ModelCache.Allocation a) {
        ensure(a.live, "I-SLAB-1", "object " + Long.toHexString(a.handle) + " freed twice");
        a.live = false;
        state.liveObjects.remove(a.handle);
        a.object.current = null;
        a.object.cache.free(a.object);
    }

    private ModelSkb newStruct(boolean fclone) {
        ModelSkb skb;
        if (fclone) {
            ModelPair pair = new ModelPair(state.next(Handles.Kind.PAIR),
                    allocObject(state.fcloneCache(), ModelCache.Owner.SKB_STRUCT));
            skb = new ModelSkb(state.next(Handles.Kind.SKB), FcloneState.ORIG, pair, null);
            pair.skb1 = skb;
        } else {
            skb = new ModelSkb(state.next(Handles.Kind.SKB), FcloneState.UNAVAILABLE, null,
                    allocObject(state.headCache(), ModelCache.Owner.SKB_STRUCT));
        }
        state.skbs.put(skb.handle, skb);
        state.liveSkbs.put(skb.handle, skb);
        return skb;
    }

    /** head = data = tail at {@code head}, end = head + size, users 1, dataref 1, truesize for size. */
    private static void initData(ModelSkb skb, ModelShinfo sh, int head, int size) {
        skb.shinfo = sh;
        skb.head = head;
        skb.data = head;
        skb.tail = head;
        skb.end = head + size;
        skb.truesize = Kernel.skbTruesize(size);
    }

    // ---------------------------------------------------------------- users

    void get(long h, int n) {
        ModelSkb skb = state.skb(h, n == 1 ? "skb_get" : "refcount_add");
        require(n >= 1, ErrorCode.INVALID_ARGUMENT, "I-USERS-3", "refcount_add: n " + n + " < 1");
        skb.users.add(n, state, "users of skb " + Long.toHexString(h));
    }

    /** kfree_skb / consume_skb from a caller. */
    boolean free(long h, String op) {
        if (h == SkbOps.NULL) {
            return false; // skb_unref(NULL): kfree_skb(NULL) and consume_skb(NULL) do nothing
        }
        ModelSkb skb = state.skbToFree(h, op);
        requireCallerReference(skb, op);
        return unref(skb);
    }

    void requireCallerReference(ModelSkb skb, String op) {
        require(skb.callerHoldsReference(), ErrorCode.FREE_IN_USE, "I-FRAG-2", String.format(
                "%s: skb %x has users %d, all held by %d frag_list(s); the caller holds none to drop", op,
                skb.handle, skb.users.value(), skb.listRefs));
    }

    /**
     * skb_unref, then __kfree_skb when it says so. The sole owner (users == 1) frees without decrementing:
     * nobody else may legally hold or take a reference.
     */
    boolean unref(ModelSkb skb) {
        if (skb.users.value() == 1) {
            kfree(skb);
            return true;
        }
        boolean last = skb.users.decAndTest(state, "users of skb " + Long.toHexString(skb.handle));
        ensure(!last, "I-USERS-4", "users reached 0 by decrement; only the sole-owner path frees");
        return false;
    }

    /** __kfree_skb: only for the sole owner. */
    private void kfree(ModelSkb skb) {
        ensure(skb.users.value() == 1, "I-USERS-4", "__kfree_skb with users " + skb.users.value());
        releaseHeadState(skb);
        releaseData(skb, true);
        kfreeSkbmem(skb);
    }

    void releaseHeadState(ModelSkb skb) {
        runDestructor(skb);
    }

    void runDestructor(ModelSkb skb) {
        if (skb.destructor != 0) {
            state.destructorLog.add(new Snapshot.DestructorRun(skb.handle, skb.destructor));
            skb.destructor = 0;
        }
    }

    /**
     * skb_release_data: drop this skb's data reference; the last one releases the head, the frag pages,
     * the frag_list members and the ubuf reference, once (I-DATA-3). An skb that was never cloned is the
     * exclusive owner and releases at once without touching dataref (I-DATA-1).
     *
     * @param freeHead false when the head has been handed elsewhere (a page flip)
     */
    void releaseData(ModelSkb skb, boolean freeHead) {
        ModelShinfo sh = skb.shinfo;
        skb.shinfo = null;
        if (skb.cloned) {
            sh.dataref -= DatarefWord.releaseBias(skb.nohdr);
            ensure(sh.dataref >= 0, "I-DATA-2", "dataref went negative: " + sh.dataref);
            if (sh.dataref != 0) {
                return;
            }
        }
        releaseShinfo(sh, freeHead);
    }

    /** Everything a shared info owns, released once. */
    void releaseShinfo(ModelShinfo sh, boolean freeHead) {
        ensure(!sh.released, "I-DATA-3", "shared info " + Long.toHexString(sh.id) + " released twice");
        sh.released = true;
        zeroCopy.zcopyClear(sh, true);
        for (ModelShinfo.Frag f : sh.frags) {
            frags.structUnref(f.page());
        }
        for (ModelSkb member : sh.fragList) {
            member.listRefs--;
            unref(member);
        }
        if (freeHead) {
            freeHead(sh);
        }
    }

    /** skb_free_head: the head goes back where it came from. */
    void freeHead(ModelShinfo sh) {
        switch (sh.headKind) {
            case KMALLOC, CACHE -> freeObject(sh.headObject);
            case PAGE_FRAG -> {
                sh.headPage.headUnits &= ~sh.headUnits;
                frags.structUnref(sh.headPage);
            }
            case DRIVER_SLICE -> {
                sh.driverBuffer.lines.clear(sh.firstLine, sh.endLine);
                zeroCopy.driverUnref(sh.driverBuffer);
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * kfree_skbmem: UNAVAILABLE to the head cache; ORIG reading fclone_ref == 1 frees the pair at once;
     * otherwise the member drops fclone_ref and the one that reaches 0 frees the pair (I-FCLONE-1).
     */
    void kfreeSkbmem(ModelSkb skb) {
        ensure(skb.shinfo == null, "I-FCLONE-4", "struct freed before its data reference was dropped");
        skb.alive = false;
        state.liveSkbs.remove(skb.handle);
        switch (skb.fclone) {
            case UNAVAILABLE -> freeObject(skb.struct);
            case ORIG -> {
                if (skb.pair.fcloneRef.value() == 1 || skb.pair.fcloneRef.decAndTest(state, "fclone_ref")) {
                    freePair(skb.pair);
                }
            }
            case CLONE -> {
                skb.pair.skb2 = null;
                if (skb.pair.fcloneRef.decAndTest(state, "fclone_ref")) {
                    freePair(skb.pair);
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private void freePair(ModelPair pair) {
        ensure(!pair.released, "I-FCLONE-1", "pair " + Long.toHexString(pair.id) + " returned twice");
        ensure(!pair.skb1.alive && pair.skb2 == null, "I-FCLONE-2", "pair freed with a live member");
        pair.released = true;
        freeObject(pair.object);
    }

    // ---------------------------------------------------------------- clones

    /** Checks that a clone of {@code skb} can be made; returns whether it takes the fast path. */
    boolean checkClone(ModelSkb skb, String op) {
        require(DatarefWord.all(skb.shinfo.dataref) < DatarefWord.MASK, ErrorCode.DATAREF_OVERFLOW, "I-DATA-2",
                String.format("%s: dataref %s of skb %x: another clone would carry out of the low 16 bits", op,
                        DatarefWord.describe(skb.shinfo.dataref), skb.handle));
        zeroCopy.checkOrphan(skb, op);
        boolean fast = skb.fclone == FcloneState.ORIG && skb.pair.fcloneRef.value() == 1;
        if (!fast) {
            requireRoom(false, 0);
        }
        if (zeroCopy.needsOrphan(skb.shinfo)) {
            frags.requirePages(zeroCopy.orphanPages(skb.shinfo), op);
        }
        return fast;
    }

    long clone(long h) {
        ModelSkb skb = state.skb(h, "skb_clone");
        boolean fast = checkClone(skb, "skb_clone");
        return doClone(skb, fast).handle;
    }

    /**
     * skb_clone once checked: zero-copy frags are orphaned first; then skb2 of the pair when ORIG reads
     * fclone_ref == 1 (it stores 2), else a new struct from the head cache.
     */
    ModelSkb doClone(ModelSkb skb, boolean fast) {
        zeroCopy.orphanIfNeeded(skb);
        ModelSkb n;
        if (fast) {
            ModelPair pair = skb.pair;
            ensure(pair.skb2 == null, "I-FCLONE-3", "skb2 handed out while in use");
            n = new ModelSkb(state.next(Handles.Kind.SKB), FcloneState.CLONE, pair, null);
            state.skbs.put(n.handle, n);
            state.liveSkbs.put(n.handle, n);
            pair.fcloneRef.set(2);
            pair.skb2 = n;
        } else {
            n = newStruct(false);
        }
        copyStructFields(n, skb);
        ensure(DatarefWord.all(skb.shinfo.dataref) > 0, "I-DATA-4", "dataref incremented from 0");
        skb.shinfo.dataref++;
        skb.cloned = true;
        return n;
    }

    /** __skb_clone: the new struct shares the head; clones never inherit the destructor (I-DESTR-1). */
    private static void copyStructFields(ModelSkb n, ModelSkb skb) {
        n.shinfo = skb.shinfo;
        n.head = skb.head;
        n.data = skb.data;
        n.tail = skb.tail;
        n.end = skb.end;
        n.len = skb.len;
        n.dataLen = skb.dataLen;
        n.truesize = skb.truesize;
        n.headFrag = skb.headFrag;
        n.hdrLen = skb.nohdr ? skb.headroom() : skb.hdrLen;
        n.cloned = true;
        n.nohdr = false;
        n.destructor = 0;
    }

    void headerRelease(long h) {
        ModelSkb skb = state.skb(h, "__skb_header_release");
        require(!DatarefWord.cloned(skb.cloned, skb.shinfo.dataref), ErrorCode.HEADER_RELEASE_CLONED, "I-DATA-2",
                String.format("__skb_header_release: skb %x data is already cloned (dataref %s); setting dataref "
                        + "would erase the clones' references", h, DatarefWord.describe(skb.shinfo.dataref)));
        skb.nohdr = true;
        skb.shinfo.dataref = DatarefWord.NOHDR_BIAS;
    }

    boolean cloned(long h) {
        ModelSkb skb = state.skb(h, "skb_cloned");
        return DatarefWord.cloned(skb.cloned, skb.shinfo.dataref);
    }

    boolean headerCloned(long h) {
        ModelSkb skb = state.skb(h, "skb_header_cloned");
        return DatarefWord.headerCloned(skb.cloned, skb.shinfo.dataref);
    }

    /** skb_share_check: a shared skb is replaced by a clone; the caller's reference is consumed either way. */
    long shareCheck(long h) {
        ModelSkb skb = state.skbToFree(h, "skb_share_check");
        requireCallerReference(skb, "skb_share_check");
        if (skb.users.value() == 1) {
            return h;
        }
        require(DatarefWord.all(skb.shinfo.dataref) < DatarefWord.MASK, ErrorCode.DATAREF_OVERFLOW, "I-DATA-2",
                String.format("skb_share_check: dataref %s of skb %x is full",
                        DatarefWord.describe(skb.shinfo.dataref), h));
        boolean fast;
        try {
            fast = checkClone(skb, "skb_share_check");
        } catch (skbstress.api.SkbException e) {
            if (e.code() != ErrorCode.EXHAUSTED && e.code() != ErrorCode.ORPHAN_SHARED) {
                throw e;
            }
            unref(skb); // the clone failed: the reference is dropped and NULL returned
            return SkbOps.NULL;
        }
        ModelSkb n = doClone(skb, fast);
        unref(skb);
        ensure(n.users.value() == 1, "I-USERS-5", "share_check result has users " + n.users.value());
        return n.handle;
    }

    /** skb_unshare: cloned data is replaced by a private copy; the caller's reference is consumed either way. */
    long unshare(long h) {
        ModelSkb skb = state.skbToFree(h, "skb_unshare");
        requireCallerReference(skb, "skb_unshare");
        if (!DatarefWord.cloned(skb.cloned, skb.shinfo.dataref)) {
            return h;
        }
        try {
            frags.checkCopy(skb, "skb_unshare");
        } catch (skbstress.api.SkbException e) {
            if (e.code() != ErrorCode.EXHAUSTED) {
                throw e;
            }
            unref(skb);
            return SkbOps.NULL;
        }
        ModelSkb n = frags.doCopy(skb);
        unref(skb);
        ensure(n.users.value() == 1 && !DatarefWord.cloned(n.cloned, n.shinfo.dataref), "I-USERS-5",
                "unshare result shared or cloned");
        return n.handle;
    }

    // ---------------------------------------------------------------- destructors

    void setDestructor(long h, int tag) {
        ModelSkb skb = state.skb(h, "set destructor");
        require(tag > 0, ErrorCode.INVALID_ARGUMENT, "I-DESTR-1", "destructor tag " + tag + " must be > 0");
        require(skb.destructor == 0, ErrorCode.INVALID_ARGUMENT, "I-DESTR-1", String.format(
                "skb %x already has destructor %d; skb_orphan it first", h, skb.destructor));
        skb.destructor = tag;
    }

    void orphan(long h) {
        runDestructor(state.skb(h, "skb_orphan"));
    }
}
