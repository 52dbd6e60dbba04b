package skbstress.model;

import skbstress.api.FcloneState;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.KernelProfile;
import skbstress.api.Refusals;
import skbstress.api.SkbOps;

/**
 * The constructors of an skb: alloc_skb (and the fclone flavour), dev_alloc_skb, alloc_skb_from_cache,
 * build_skb, and the zero-copy driver slice. Each checks everything that can refuse it first (sizes
 * with arithmetic that cannot overflow, room in every cache it takes from), then builds: users 1,
 * dataref 1, head = data = tail.
 */
final class Constructors {
    private final ModelState state;

    Constructors(ModelState state) {
        this.state = state;
    }

    /** {@link #requireRoom}'s head size when no head buffer is taken. */
    static final int NO_HEAD = -1;

    /** Refuses unless a new struct (and, unless {@code headSize} is NO_HEAD, a head for that many data bytes) can be had. */
    void requireRoom(boolean fclone, int headSize) {
        ModelCache structs = fclone ? state.fcloneCache() : state.headCache();
        if (!structs.canAlloc()) {
            throw Refusals.exhausted(structs.name, structs.capacity, "");
        }
        if (headSize != NO_HEAD) {
            ModelCache heads = state.heads(headSize);
            if (!heads.canAlloc()) {
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
        return allocKmallocSkb(size, fclone).handle;
    }

    /**
     * __alloc_skb once checked: struct from its cache, head from the cache the profile picks (kmalloc_reserve),
     * shared info at the end of the data area.
     */
    ModelSkb allocKmallocSkb(int size, boolean fclone) {
        return allocKmallocSkb(size, newStruct(fclone));
    }

    /** __alloc_skb's head for a struct already taken (SKB_ALLOC_NAPI: from a CPU's NAPI cache). */
    ModelSkb allocKmallocSkb(int size, ModelSkb skb) {
        ModelCache heads = state.heads(size);
        ModelShinfo sh = new ModelShinfo(state.next(Handles.Kind.SHINFO), HeadKind.KMALLOC,
                state.allocObject(heads, ModelCache.Owner.SKB_HEAD), null, null);
        initData(skb, sh, 0, state.profile().end(size), state.profile());
        return skb;
    }

    /**
     * __netdev_alloc_skb: len + NET_SKB_PAD (+ NET_IP_ALIGN) bytes, NET_SKB_PAD (+ NET_IP_ALIGN) reserved. Where the
     * profile says so the head is a page fragment of SKB_HEAD_ALIGN(size), wrapped by build_skb (head_frag = 1;
     * here a page of its own, whose one reference the head owns: I-GEOM-6); otherwise it comes from __alloc_skb.
     */
    long devAllocSkb(int len, boolean ipAlign) {
        if (len < 0) {
            throw Refusals.negative("dev_alloc_skb", "len", len, "I-GEOM-4");
        }
        KernelProfile p = state.profile();
        int reserve = p.netSkbPad() + (ipAlign ? p.netIpAlign() : 0);
        long size = (long) len + reserve;
        requireSize(size, "dev_alloc_skb");
        ModelSkb skb;
        if (p.devAllocPageFrag((int) size)) {
            Frags.requirePages(state, 1, "dev_alloc_skb");
            requireRoom(false, NO_HEAD);
            skb = wrapFragment(Frags.newPage(state), 0, KernelProfile.headRequest((int) size), false);
        } else {
            requireRoom(false, (int) size);
            skb = allocKmallocSkb((int) size, false);
        }
        skb.data += reserve;
        skb.tail += reserve;
        return skb.handle;
    }

    long allocSkbFromCache(int cacheId, int size) {
        ModelCache cache = state.cache(cacheId);
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
        if (!cache.canAlloc()) {
            throw Refusals.exhausted(cache.name, cache.capacity, "");
        }
        cache.growIfEmpty(); // its constructor may throw: before anything else changes
        ModelSkb skb = newStruct(false);
        ModelShinfo sh = new ModelShinfo(state.next(Handles.Kind.SHINFO), HeadKind.CACHE,
                state.allocObject(cache, ModelCache.Owner.SKB_HEAD), null, null);
        initData(skb, sh, 0, (int) dataSize, state.profile());
        return skb.handle;
    }

    long buildSkb(long pageHandle, int offset, int fragSize) {
        ModelPage page = state.page(pageHandle, "build_skb", false);
        long end = (long) offset + fragSize;
        if (fragSize <= Kernel.skbDataAlign(Kernel.SHINFO_SIZE) || offset < 0 || offset % Kernel.SMP_CACHE_BYTES != 0
                || end > Kernel.PAGE_SIZE) {
            throw Refusals.buildSkbFragment(offset, end);
        }
        if ((page.headUnits & Kernel.pageUnits(offset, fragSize)) != 0) {
            throw Refusals.buildSkbOverlap(pageHandle, offset, fragSize);
        }
        // a pool page whose caller holds a pp reference: the head takes it and the skb is marked, as drivers
        // follow napi_build_skb with skb_mark_for_recycle (specs/deviations.md)
        boolean pp = page.pool != null && page.callerHoldsPpReference();
        if (!pp && !page.callerHoldsReference()) {
            throw Refusals.noCallerPageReference("build_skb", pageHandle, page.refcount);
        }
        requireRoom(false, NO_HEAD);
        ModelSkb skb = wrapFragment(page, offset, fragSize, pp);
        skb.ppRecycle = pp;
        return skb.handle;
    }

    /** __build_skb once checked: the caller's page reference becomes the head's; end = SKB_WITH_OVERHEAD(fragSize). */
    private ModelSkb wrapFragment(ModelPage page, int offset, int fragSize, boolean pp) {
        return wrapFragment(page, offset, fragSize, pp, newStruct(false));
    }

    /** __build_skb around a struct already taken (napi_build_skb: from a CPU's NAPI cache). */
    ModelSkb wrapFragment(ModelPage page, int offset, int fragSize, boolean pp, ModelSkb skb) {
        long units = Kernel.pageUnits(offset, fragSize);
        ModelShinfo sh = new ModelShinfo(state.next(Handles.Kind.SHINFO), HeadKind.PAGE_FRAG, null, page, null);
        sh.headUnits = units;
        page.headUnits |= units;
        if (pp) {
            page.ppStructRefs++;
        } else {
            page.structRefs++;
        }
        initData(skb, sh, offset, Kernel.skbWithOverhead(fragSize), state.profile());
        skb.headFrag = true;
        return skb;
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
        initData(skb, sh, offset, len, state.profile());
        skb.tail = offset + len;
        skb.len = len;
        return skb;
    }

    /** A struct: a head-cache object, or skb1 of a new pair. */
    ModelSkb newStruct(boolean fclone) {
        ModelSkb skb;
        if (fclone) {
            ModelPair pair = new ModelPair(state.next(Handles.Kind.PAIR),
                    state.allocObject(state.fcloneCache(), ModelCache.Owner.SKB_STRUCT));
            skb = new ModelSkb(state.next(Handles.Kind.SKB), FcloneState.ORIG, pair, null);
            pair.skb1 = skb;
        } else {
            return newStruct(state.allocObject(state.headCache(), ModelCache.Owner.SKB_STRUCT));
        }
        state.skbs.put(skb.handle, skb);
        state.liveSkbs.put(skb.handle, skb);
        return skb;
    }

    /** A new skb (a new handle) on a head-cache object already allocated: a struct from a NAPI cache. */
    ModelSkb newStruct(ModelCache.Allocation struct) {
        struct.owner = ModelCache.Owner.SKB_STRUCT;
        ModelSkb skb = new ModelSkb(state.next(Handles.Kind.SKB), FcloneState.UNAVAILABLE, null, struct);
        state.skbs.put(skb.handle, skb);
        state.liveSkbs.put(skb.handle, skb);
        return skb;
    }

    /** head = data = tail at {@code head}, end = head + size, users 1, dataref 1, truesize for size. */
    static void initData(ModelSkb skb, ModelShinfo sh, int head, int size, KernelProfile profile) {
        skb.shinfo = sh;
        skb.head = head;
        skb.data = head;
        skb.tail = head;
        skb.end = head + size;
        skb.truesize = profile.truesize(size);
    }
}
