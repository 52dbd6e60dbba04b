package skbstress.impl;

import skbstress.api.ErrorCode;
import skbstress.api.Kernel;
import skbstress.api.KernelProfile;
import skbstress.api.LeakReport;
import skbstress.api.Refusals;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.impl.slab.Generations;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.SlabArena;
import skbstress.impl.slab.SlabCache;

/**
 * The implementation's caches, logs and callbacks. Two arenas: {@code visible} holds the caches a
 * snapshot shows, with the model's ids (0 head, 1 fclone, 2..13 kmalloc, then callers'); {@code internal}
 * holds what the model keeps as plain objects (shared infos of non-kmalloc heads, pages, driver buffers,
 * ubufs, sockets).
 */
final class ImplState {
    final SkbConfig config;
    final SlabArena visible;
    final SlabArena internal;
    final SlabCache headCache;
    final SlabCache fcloneCache;
    final SlabCache[] kmalloc = new SlabCache[SkbOps.KMALLOC_MAX_SHIFT - SkbOps.KMALLOC_MIN_SHIFT + 1];
    /** skbuff_small_head (id SMALL_HEAD_CACHE): empty unless the profile takes small heads from it. */
    final SlabCache smallHeads;
    /** The kernel whose geometry this instance follows. */
    final KernelProfile profile;
    final SlabCache shinfos;
    final SlabCache pages;
    final SlabCache driverBuffers;
    final SlabCache ubufs;
    /** skb_ext objects (unbounded: an allocation cannot fail short of the cache's object limit). */
    final SlabCache exts;
    final SlabCache sockets;
    /** page_pools: never freed (an ended pool stays as a closed, empty one), as sockets. */
    final SlabCache pools;

    final BoundedLog<Long> freeFunctionLog = new BoundedLog<>();
    final BoundedLog<Snapshot.DestructorRun> destructorLog = new BoundedLog<>();
    final BoundedLog<Snapshot.Completion> completionLog = new BoundedLog<>();
    final BoundedLog<Snapshot.Warning> warnings = new BoundedLog<>();
    final Callbacks callbacks = new Callbacks(this);

    /** Whether any built-in cache is bounded (only then can an skb allocation run out). */
    final boolean bounded;
    /** Leak detection, JFR events and misuse reports (see {@link Tracker}). */
    final Tracker tracker;
    /** {@code tracker.active}, one load away: the hooks on the fast paths test it first. */
    final boolean tracking;

    ImplState(SkbConfig config, boolean poison, int magazineCapacity, Tracker tracker) {
        this.config = config;
        this.profile = config.profile();
        this.tracker = tracker;
        this.tracking = tracker.active;
        visible = new SlabArena(poison, magazineCapacity);
        visible.onPoison(this::poisonFound);
        internal = new SlabArena(false, magazineCapacity);
        headCache = visible.create("skbuff_head_cache", Kernel.SKB_STRUCT_SIZE, Kernel.SMP_CACHE_BYTES, null,
                config.headCacheCapacity(), false, (c, i) -> new SkbDesc(SkbDesc.UNAVAILABLE, null, i, c.genBase()));
        fcloneCache = visible.create("skbuff_fclone_cache", Kernel.FCLONES_SIZE, Kernel.SMP_CACHE_BYTES, null,
                config.fcloneCacheCapacity(), false, (c, i) -> new FclonePair(i, c.genBase()));
        for (int c = 0; c < kmalloc.length; c++) {
            int size = 1 << (SkbOps.KMALLOC_MIN_SHIFT + c);
            kmalloc[c] = visible.create("kmalloc-" + size, size, 0, null, config.kmallocCapacity(), true,
                    Shinfo::new);
        }
        smallHeads = visible.create("skbuff_small_head", KernelProfile.SMALL_HEAD_CACHE_SIZE, 0, null,
                config.kmallocCapacity(), true, Shinfo::new);
        shinfos = internal.create("shinfo", Kernel.SHINFO_SIZE, 0, null, 0, false, Shinfo::new);
        pages = internal.create("pages", Kernel.PAGE_SIZE, Kernel.PAGE_SIZE, null, config.pageCapacity(), true,
                (c, i) -> new PageMeta());
        driverBuffers = internal.create("driver-buffers", 64, 0, null, 0, false, (c, i) -> new DriverBuffer(i));
        ubufs = internal.create("ubufs", 64, 0, null, 0, false, (c, i) -> new Ubuf(i));
        exts = internal.create("skb-ext", 64, 0, null, 0, false, (c, i) -> new SkbExt(i));
        sockets = internal.create("sockets", 64, 0, null, 0, false, (c, i) -> new ZcSocket(i));
        pools = internal.create("page-pools", 64, 0, null, 0, false, (c, i) -> new ImplPool(i));
        bounded = config.headCacheCapacity() != 0 || config.fcloneCacheCapacity() != 0 || config.kmallocCapacity() != 0;
    }

    void warn(ErrorCode code, String invariant, String message) {
        Snapshot.Warning w = new Snapshot.Warning(code, invariant, message);
        warnings.add(w);
        tracker.warned(w); // a warning is rare: its stack is always worth the cost
    }

    /** A write after free found in a visible cache's object: reported with the object's last owner, if tracked. */
    private void poisonFound(SlabCache c, int index, int[] changed, byte[] values, int total) {
        StringBuilder bytes = new StringBuilder();
        for (int k = 0; k < changed.length; k++) {
            bytes.append(k == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "byte %d = 0x%02x",
                    changed[k], values[k] & 0xff));
        }
        if (total > changed.length) {
            bytes.append(" and ").append(total - changed.length).append(" more");
        }
        Track last = tracker.releasedAt(h -> HandleWord.cache(h) == c.id && HandleWord.index(h) == index
                && HandleWord.kind(h) == HandleWord.OBJECT);
        tracker.poison(String.format(java.util.Locale.ROOT, "%s object %d (was %x)", c.name, index,
                last != null ? last.handle : HandleWord.make(c.generation(index), HandleWord.OBJECT, c.id, index)),
                total + (total == 1 ? " byte (" : " bytes (") + bytes + "; poison is 0x6b)", last);
    }

    /** The cache a head for {@code size} data bytes comes from, as this instance's kernel chooses it. */
    SlabCache headsFor(int size) {
        int c = Kernel.kmallocClass(KernelProfile.headRequest(size));
        if (c < 0) {
            throw Refusals.headTooLarge(KernelProfile.headRequest(size));
        }
        return profile.smallHead(size) ? smallHeads : kmalloc[c];
    }

    /** The socket a handle names, or a refusal. */
    ZcSocket socket(long h, String op) {
        int i = pin(h, HandleWord.SOCKET, sockets, "a socket", op, false, (o, x, d) -> Refusals.notIssued(o, x,
                "a socket"));
        unpin(sockets, i); // sockets live for ever: the check is all that is needed
        return (ZcSocket) sockets.payload(i);
    }

    /** A visible cache by id, or a refusal naming it. */
    SlabCache cache(int id) {
        SlabCache c = id >= 0 && id < visible.cacheCount() ? visible.cache(id) : null;
        if (c == null) {
            throw Refusals.noSuchCache(id, visible.cacheCount());
        }
        return c;
    }

    /**
     * The index of the object a handle of an internal kind names, pinned for this operation (the caller
     * unpins it), after checking that its life is current: NOT_ALLOCATED for a handle never issued,
     * DOUBLE_FREE/USE_AFTER_FREE for a stale one.
     */
    int pin(long h, int kind, SlabCache cache, String aWhat, String op, boolean dropping, Dead dead) {
        int index = HandleWord.index(h);
        int g = HandleWord.generation(h);
        if (h == SkbOps.NULL || HandleWord.kind(h) != kind || HandleWord.cache(h) != cache.id || !cache.exists(index)
                || !HandleWord.allocated(g)) {
            throw Refusals.notIssued(op, h, aWhat);
        }
        if (cache.pin(index, g)) {
            return index;
        }
        if (Generations.issued(cache.genBase(), g, cache.generation(index))) {
            throw tracker.explain(dead.of(op, h, dropping), h);
        }
        throw Refusals.notIssued(op, h, aWhat);
    }

    /** The refusal for a stale handle of one kind (e.g. {@link Refusals#pageFreed}). */
    @FunctionalInterface
    interface Dead {
        SkbException of(String op, long h, boolean dropping);
    }

    /** Ends a pin; if the object's release waited for it, does the release on this thread. */
    void unpin(SlabCache cache, int index) {
        if (cache.unpin(index)) {
            cache.release(local(cache), index);
            if (callbacks.any()) {
                callbacks.finishDeferred();
            }
        }
    }

    /**
     * The end of an object's life, for the tracker: called by its cache's release hook, before it goes back to
     * the cache.
     */
    void ended(SlabCache cache, int index) {
        Object p = cache.payload(index);
        Track track = null;
        if (p instanceof Tracked t) {
            track = t.track;
            t.track = null;
        }
        // the claim that ended the life moved the generation one past it
        tracker.end(track, kindOf(cache), track != null ? track.handle
                : HandleWord.make(cache.generation(index) - 1, kindWord(cache), cache.id, index));
    }

    LeakReport.Kind kindOf(SlabCache cache) {
        return cache == pages ? LeakReport.Kind.PAGE : cache == ubufs ? LeakReport.Kind.UBUF
                : cache == driverBuffers ? LeakReport.Kind.DRIVER_BUFFER : LeakReport.Kind.CACHE_OBJECT;
    }

    private int kindWord(SlabCache cache) {
        return cache == pages ? HandleWord.PAGE : cache == ubufs ? HandleWord.UBUF
                : cache == driverBuffers ? HandleWord.DRIVER_BUFFER : HandleWord.OBJECT;
    }

    /** This thread's magazine of a cache, in whichever arena it lives. */
    skbstress.impl.slab.Magazine local(SlabCache cache) {
        return (cache == shinfos || cache == pages || cache == driverBuffers || cache == ubufs || cache == sockets
                || cache == exts || cache == pools ? internal : visible).local().magazine(cache.id);
    }
}
