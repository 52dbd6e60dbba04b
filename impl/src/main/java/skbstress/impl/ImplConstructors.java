package skbstress.impl;

import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.KernelProfile;
import skbstress.api.LeakReport;
import skbstress.api.Refusals;
import skbstress.api.SkbOps;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.OwnerWord;
import skbstress.impl.slab.Magazine;
import skbstress.impl.slab.SlabCache;

/**
 * The constructors of an skb, as in the model: alloc_skb (and the fclone flavour), dev_alloc_skb,
 * alloc_skb_from_cache, build_skb, and the zero-copy driver slice. Each checks what can refuse it first,
 * then takes its objects (undoing what it took when a racing thread emptied a bounded cache meanwhile),
 * then opens the struct's life: users 1, a new odd generation, published with the handle.
 */
final class ImplConstructors {
    private final ImplState st;
    private ImplPages pages;

    ImplConstructors(ImplState st) {
        this.st = st;
    }

    void wire(ImplPages p) {
        this.pages = p;
    }

    /** {@link #requireRoom}'s head size when no head buffer is taken. */
    static final int NO_HEAD = -1;

    /** Refuses unless a new struct (and, unless {@code headSize} is NO_HEAD, a head for that many data bytes) can be had. */
    void requireRoom(boolean fclone, int headSize) {
        if (!st.bounded) {
            return; // nothing can run out: unbounded caches grow
        }
        SlabCache structs = fclone ? st.fcloneCache : st.headCache;
        if (!structs.canAlloc(st.local(structs))) {
            throw Refusals.exhausted(structs.name, structs.capacity, "");
        }
        if (headSize != NO_HEAD) {
            SlabCache heads = st.headsFor(headSize);
            if (!heads.canAlloc(st.local(heads))) {
                throw Refusals.exhausted(heads.name, heads.capacity, "the new struct goes back to " + structs.name);
            }
        }
    }

    /** A data size a kmalloc head can hold: its aligned size plus the aligned shared info fit the largest class. */
    static void requireSize(long size, String op) {
        if (size < 0 || size > Kernel.skbWithOverhead(Kernel.KMALLOC_MAX_SIZE)) {
            throw Refusals.sizeOutOfRange(op, size);
        }
    }

    long allocSkb(int size, boolean fclone) {
        requireSize(size, "alloc_skb");
        requireRoom(fclone, size);
        return ImplHandles.handleOf(allocKmallocSkb(size, fclone));
    }

    /** __alloc_skb once checked: struct from its cache, head from the cache the profile picks, shared info with the head. */
    SkbDesc allocKmallocSkb(int size, boolean fclone) {
        SlabCache heads = st.headsFor(size);
        return allocKmallocSkb(size, heads, newStruct(fclone));
    }

    /** __alloc_skb's head for a struct already taken (SKB_ALLOC_NAPI: from a CPU's NAPI cache). */
    SkbDesc allocKmallocSkb(int size, SlabCache heads, SkbDesc d) {
        int hi = heads.allocUntracked(st.local(heads));
        if (hi < 0) { // lost a race for the last free head of a bounded cache
            undoStruct(d);
            throw Refusals.exhausted(heads.name, heads.capacity, "");
        }
        initData(d, Shinfo.ofKmalloc(heads, hi), 0, st.profile.end(size), st.profile);
        beginLife(d);
        return d;
    }

    /** __netdev_alloc_skb, as in the model: a page-fragment head of a page of its own where the profile says so. */
    long devAllocSkb(int len, boolean ipAlign) {
        if (len < 0) {
            throw Refusals.negative("dev_alloc_skb", "len", len, "I-GEOM-4");
        }
        int reserve = st.profile.netSkbPad() + (ipAlign ? st.profile.netIpAlign() : 0);
        long size = (long) len + reserve;
        requireSize(size, "dev_alloc_skb");
        SkbDesc d;
        if (st.profile.devAllocPageFrag((int) size)) {
            pages.requirePages(1, "dev_alloc_skb");
            requireRoom(false, NO_HEAD);
            d = allocFragmentSkb(KernelProfile.headRequest((int) size));
        } else {
            requireRoom(false, (int) size);
            d = allocKmallocSkb((int) size, false);
        }
        d.data += reserve;
        d.tail += reserve;
        return ImplHandles.handleOf(d);
    }

    long allocSkbFromCache(int cacheId, int size) {
        SlabCache cache = st.cache(cacheId);
        if (cacheId == SkbOps.HEAD_CACHE || cacheId == SkbOps.FCLONE_CACHE) {
            throw Refusals.structCache("alloc_skb_from_cache", cache.name);
        }
        if (size < 0) {
            throw Refusals.negative("alloc_skb_from_cache", "size", size, "I-GEOM-4");
        }
        long dataSize = ((long) size + Kernel.SMP_CACHE_BYTES - 1) & -Kernel.SMP_CACHE_BYTES;
        long need = dataSize + Kernel.skbDataAlign(Kernel.SHINFO_SIZE);
        if (cache.objectSize < need) {
            throw Refusals.cacheTooSmall(cache.name, cache.objectSize, size, need, dataSize);
        }
        requireRoom(false, NO_HEAD);
        Magazine m = st.local(cache);
        if (!cache.canAlloc(m)) {
            throw Refusals.exhausted(cache.name, cache.capacity, "");
        }
        int i = cache.alloc(m); // first: its constructor may throw, and nothing else is taken yet
        if (i < 0) {
            throw Refusals.exhausted(cache.name, cache.capacity, "");
        }
        SkbDesc d;
        try {
            d = newSkbWithShinfo();
        } catch (RuntimeException e) {
            cache.claimAndRelease(m, i); // release: the claim's CAS ends a life no other thread has named
            throw e;
        }
        // release: the role reaches others with the skb's handle below (dataObject names the object through it)
        cache.setOwnerRelease(i, OwnerWord.make(OwnerWord.ROLE_SKB, SkbOps.LOCAL_DOMAIN));
        Shinfo sh = d.shinfo;
        sh.headKind = HeadKind.CACHE;
        sh.buf = cache.bytesOf(i);
        sh.base = cache.byteOffset(i);
        sh.bufferSize = cache.objectSize;
        sh.headCache = cache;
        sh.headIndex = i;
        initData(d, sh, 0, (int) dataSize, st.profile);
        beginLife(d);
        return ImplHandles.handleOf(d);
    }

    long buildSkb(long page, int offset, int fragSize) {
        long end = (long) offset + fragSize;
        int i = pages.pinPage(page, "build_skb", false);
        try {
            if (fragSize <= Kernel.skbDataAlign(Kernel.SHINFO_SIZE) || offset < 0
                    || offset % Kernel.SMP_CACHE_BYTES != 0 || end > Kernel.PAGE_SIZE) {
                throw Refusals.buildSkbFragment(offset, end);
            }
            PageMeta m = pages.meta(i);
            long units = Kernel.pageUnits(offset, fragSize);
            if ((m.getHeadUnitsAcquire() & units) != 0) { // acquire: a hint; claimHeadUnits' CAS below decides
                throw Refusals.buildSkbOverlap(page, offset, fragSize);
            }
            // a pool page whose caller holds a pp reference: the head takes it and the skb is marked (pagepool.md)
            boolean pp = m.callerHoldsPpReference();
            if (!pp && !m.callerHoldsReference()) {
                throw Refusals.noCallerPageReference("build_skb", page, m.refcount());
            }
            requireRoom(false, NO_HEAD);
            if (!m.claimHeadUnits(units)) { // a racing build_skb on the same lines took them first
                throw Refusals.buildSkbOverlap(page, offset, fragSize);
            }
            SkbDesc d;
            try {
                d = newSkbWithShinfo();
            } catch (RuntimeException e) {
                m.clearHeadUnits(units);
                throw e;
            }
            if (pp ? !m.takeCallerPpReference() : !m.takeCallerReference()) { // dropped meanwhile by another thread
                m.clearHeadUnits(units);
                undoSkbWithShinfo(d);
                throw Refusals.noCallerPageReference("build_skb", page, m.refcount());
            }
            wrapFragment(d, i, page, units, offset, fragSize, pp);
            return ImplHandles.handleOf(d);
        } finally {
            pages.unpinPage(i);
        }
    }

    /**
     * A page-fragment head on a new page of its own (dev_alloc_skb, where the profile says so): no other thread
     * can name the page yet, so its lines and its one reference pass to the head without a race.
     */
    private SkbDesc allocFragmentSkb(int fragSize) {
        return allocFragmentSkb(fragSize, null);
    }

    /** As above, around {@code struct} when the caller took one already (napi_build_skb), else a new one. */
    SkbDesc allocFragmentSkb(int fragSize, SkbDesc struct) {
        int i;
        try {
            i = pages.newPage();
        } catch (RuntimeException e) { // a racing thread took the last page
            if (struct != null) {
                undoStruct(struct);
            }
            throw e;
        }
        long page = pageHandle(st.pages, i);
        SkbDesc d;
        try {
            d = struct == null ? newSkbWithShinfo() : withShinfo(struct);
        } catch (RuntimeException e) {
            pages.putPage(page); // its only reference: the page goes back
            throw e;
        }
        long units = Kernel.pageUnits(0, fragSize);
        PageMeta m = pages.meta(i);
        m.claimHeadUnits(units);
        m.takeCallerReference();
        wrapFragment(d, i, page, units, 0, fragSize, false);
        return d;
    }

    /** __build_skb once the page's lines and a reference are the head's: end = SKB_WITH_OVERHEAD(fragSize). */
    private void wrapFragment(SkbDesc d, int i, long page, long units, int offset, int fragSize, boolean pp) {
        Shinfo sh = d.shinfo;
        sh.headKind = HeadKind.PAGE_FRAG;
        sh.buf = pages.pageBytes(i);
        sh.base = pages.pageBase(i);
        sh.bufferSize = Kernel.PAGE_SIZE;
        sh.headPage = page;
        sh.headUnits = units;
        initData(d, sh, offset, Kernel.skbWithOverhead(fragSize), st.profile);
        d.headFrag = true;
        d.ppRecycle = pp; // marked with its pool page's head, before beginLife publishes the struct
        beginLife(d);
    }

    /**
     * A zero-copy skb over [offset, offset + len) of a driver buffer, on a struct from
     * {@link #newSkbWithShinfo}, once the caller claimed the slice's lines and a reference on the buffer.
     */
    SkbDesc newDriverSliceSkb(SkbDesc d, DriverBuffer b, int offset, int len, int first, int end) {
        Shinfo sh = d.shinfo;
        sh.firstLine = first;
        sh.endLine = end;
        sh.headKind = HeadKind.DRIVER_SLICE;
        sh.buf = b.bytes;
        sh.base = 0;
        sh.bufferSize = b.bytes.length;
        sh.driverBuffer = b;
        initData(d, sh, offset, len, st.profile);
        d.tail = offset + len;
        d.len = len;
        beginLife(d);
        return d;
    }

    /** A struct whose data the caller sets; its shared info comes from the internal cache. */
    SkbDesc newSkbWithShinfo() {
        return withShinfo(newStruct(false));
    }

    /** A shared info from the internal cache for a struct the caller took. */
    private SkbDesc withShinfo(SkbDesc d) {
        int si = st.shinfos.allocUntracked(st.local(st.shinfos));
        Shinfo sh = (Shinfo) st.shinfos.payload(si);
        sh.reset();
        sh.headPage = 0;
        sh.driverBuffer = null;
        sh.headCache = null;
        d.shinfo = sh;
        return d;
    }

    /** Takes a struct: a head-cache object, or skb1 of a new pair. Its life begins with {@link #beginLife}. */
    SkbDesc newStruct(boolean fclone) {
        if (fclone) {
            int pi = st.fcloneCache.allocUntracked(st.local(st.fcloneCache));
            if (pi < 0) {
                throw Refusals.exhausted(st.fcloneCache.name, st.fcloneCache.capacity, "");
            }
            FclonePair pair = (FclonePair) st.fcloneCache.payload(pi);
            pair.life++;
            pair.setFcloneRefPlain(1); // published with the skb handle
            return pair.skb1;
        }
        int i = st.headCache.allocUntracked(st.local(st.headCache));
        if (i < 0) {
            throw Refusals.exhausted(st.headCache.name, st.headCache.capacity, "");
        }
        return (SkbDesc) st.headCache.payload(i);
    }

    /**
     * Opens the struct's life: users 1 and the next odd generation, in one release store that publishes
     * every field set before it with the handle built from it. A struct comes off the free list dead, and
     * a stale pinner cannot pin a life its handle does not name, so nobody is inside it meanwhile.
     */
    void beginLife(SkbDesc d) {
        int dead = SkbLife.gen(d.getStatePlain()); // plain: a free struct is this thread's
        if (st.tracking) { // before the release store below, which publishes the track with the handle
            Track t = st.tracker.start(LeakReport.Kind.SKB, ImplHandles.handleOf(d, dead + 1));
            if (t != null) { // else d.track is null already: the end of the last life cleared it
                d.track = t;
            }
        }
        // release: before the life word, a pinner that finds the new life finds its pin word; a stale pin
        // still held on the dead struct is dropped here (its holder sees the life change and backs out)
        d.setPinsRelease(SkbPins.make(dead + 1, 0));
        d.setStateRelease(SkbLife.make(dead + 1, 1)); // release: publishes every field set above with the handle
    }

    /** Gives back a struct made by {@link #newSkbWithShinfo} whose life never began, with its shared info. */
    void undoSkbWithShinfo(SkbDesc d) {
        st.shinfos.freeUntracked(st.local(st.shinfos), d.shinfo.homeIndex);
        undoStruct(d);
    }

    /** Gives back a struct whose life never began. */
    void undoStruct(SkbDesc d) {
        if (d.fclone == SkbDesc.UNAVAILABLE) {
            st.headCache.freeUntracked(st.local(st.headCache), d.index);
        } else {
            st.fcloneCache.freeUntracked(st.local(st.fcloneCache), d.pair.index);
        }
    }

    static void initData(SkbDesc d, Shinfo sh, int head, int size, KernelProfile profile) {
        if (d.shinfo != sh) { // reference stores only when they change (see Shinfo.reset)
            d.shinfo = sh;
        }
        d.head = head;
        d.data = head;
        d.tail = head;
        d.end = head + size;
        d.len = 0;
        d.dataLen = 0;
        d.truesize = profile.truesize(size);
        d.destructor = 0;
        d.cloned = false;
        d.nohdr = false;
        d.headFrag = false;
        d.hdrLen = 0;
        d.ppRecycle = false; // a struct's earlier life may have ended marked (a coalesce's stolen head)
    }

    static long pageHandle(SlabCache pages, int index) {
        return HandleWord.make(pages.generation(index), HandleWord.PAGE, pages.id, index);
    }
}
