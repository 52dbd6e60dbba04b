package skbstress.impl;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import skbstress.api.ErrorCode;
import skbstress.api.Kernel;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.SlabArena;
import skbstress.impl.slab.SlabCache;

/**
 * The implementation's caches, logs and switches. Two arenas: {@code visible} holds the caches a
 * snapshot shows, with the model's ids (0 head, 1 fclone, 2..13 kmalloc, then callers'); {@code internal}
 * holds what the model keeps as plain objects (shared infos of non-kmalloc heads, pages, driver buffers,
 * ubufs, sockets).
 */
final class ImplState {
    static final int SHINFOS = 0;
    static final int PAGES = 1;
    static final int DRIVER_BUFFERS = 2;
    static final int UBUFS = 3;
    static final int SOCKETS = 4;

    final SkbConfig config;
    final Set<Fault> faults;
    final SlabArena visible;
    final SlabArena internal;
    final SlabCache headCache;
    final SlabCache fcloneCache;
    final SlabCache[] kmalloc = new SlabCache[SkbOps.KMALLOC_MAX_SHIFT - SkbOps.KMALLOC_MIN_SHIFT + 1];
    final SlabCache shinfos;
    final SlabCache pages;
    final SlabCache driverBuffers;
    final SlabCache ubufs;
    final SlabCache sockets;

    final ConcurrentLinkedQueue<Long> freeFunctionLog = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Snapshot.DestructorRun> destructorLog = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Snapshot.Completion> completionLog = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Snapshot.Warning> warnings = new ConcurrentLinkedQueue<>();

    /** Whether any built-in cache is bounded (only then can an skb allocation run out). */
    final boolean bounded;
    final boolean faultPlainUsers;
    final boolean faultPairAtOne;
    final boolean faultPlainDataref;
    final boolean faultFreeFnPerSkb;
    final boolean faultCompletionPerRelease;
    final boolean faultFcloneDecrementFirst;
    final boolean faultFlipWithoutRevoke;
    final boolean faultWrappingUsers;

    ImplState(SkbConfig config, Set<Fault> faults, boolean poison, int magazineCapacity) {
        this.config = config;
        this.faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
        boolean bumpTag = !faults.contains(Fault.MISSING_TAG_BUMP);
        visible = new SlabArena(poison, bumpTag, magazineCapacity);
        internal = new SlabArena(false, bumpTag, magazineCapacity);
        headCache = visible.create("skbuff_head_cache", Kernel.SKB_STRUCT_SIZE, Kernel.SMP_CACHE_BYTES, null,
                config.headCacheCapacity(), false, (cache, i) -> new SkbDesc(SkbDesc.UNAVAILABLE, null, i));
        fcloneCache = visible.create("skbuff_fclone_cache", Kernel.FCLONES_SIZE, Kernel.SMP_CACHE_BYTES, null,
                config.fcloneCacheCapacity(), false, (cache, i) -> new FclonePair(i));
        for (int c = 0; c < kmalloc.length; c++) {
            int size = 1 << (SkbOps.KMALLOC_MIN_SHIFT + c);
            kmalloc[c] = visible.create("kmalloc-" + size, size, 0, null, config.kmallocCapacity(), true,
                    Shinfo::new);
        }
        shinfos = internal.create("shinfo", Kernel.SHINFO_SIZE, 0, null, 0, false, Shinfo::new);
        pages = internal.create("pages", Kernel.PAGE_SIZE, Kernel.PAGE_SIZE, null, config.pageCapacity(), true,
                (cache, i) -> new PageMeta());
        driverBuffers = internal.create("driver-buffers", 64, 0, null, 0, false, (cache, i) -> new DriverBuffer(i));
        ubufs = internal.create("ubufs", 64, 0, null, 0, false, (cache, i) -> new Ubuf(i));
        sockets = internal.create("sockets", 64, 0, null, 0, false, (cache, i) -> new ZcSocket(i));
        bounded = config.headCacheCapacity() != 0 || config.fcloneCacheCapacity() != 0 || config.kmallocCapacity() != 0;
        faultPlainUsers = faults.contains(Fault.PLAIN_USERS_DECREMENT);
        faultPairAtOne = faults.contains(Fault.PAIR_FREED_AT_ONE);
        faultPlainDataref = faults.contains(Fault.PLAIN_DATAREF_DECREMENT);
        faultFreeFnPerSkb = faults.contains(Fault.FREE_FUNCTION_PER_SKB);
        faultCompletionPerRelease = faults.contains(Fault.COMPLETION_PER_RELEASE);
        faultFcloneDecrementFirst = faults.contains(Fault.FCLONE_DECREMENT_FIRST);
        faultFlipWithoutRevoke = faults.contains(Fault.FLIP_WITHOUT_REVOKE);
        faultWrappingUsers = faults.contains(Fault.WRAPPING_USERS);
    }

    void warn(ErrorCode code, String invariant, String message) {
        warnings.add(new Snapshot.Warning(code, invariant, message));
    }

    /** The kmalloc class that holds {@code bytes}. */
    SlabCache kmallocFor(int bytes) {
        int c = Kernel.kmallocClass(bytes);
        if (c < 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-GEOM-4", String.format(
                    "a head buffer of %d bytes exceeds the largest kmalloc class (%d)", bytes, Kernel.KMALLOC_MAX_SIZE));
        }
        return kmalloc[c];
    }

    /** A visible cache by id, or a refusal naming it. */
    SlabCache cache(int id) {
        SlabCache c = id >= 0 && id < visible.cacheCount() ? visible.cache(id) : null;
        if (c == null) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6",
                    "no cache " + id + " (" + visible.cacheCount() + " exist)");
        }
        return c;
    }

    /**
     * Resolves a handle of an internal kind to its object index after checking that it is live:
     * NOT_ALLOCATED for a handle never issued, DOUBLE_FREE/USE_AFTER_FREE for a stale one.
     */
    int liveIndex(long h, int kind, SlabCache cache, String what, String op, boolean dropping, String invariant) {
        int index = HandleWord.index(h);
        int g = HandleWord.generation(h);
        if (h == SkbOps.NULL || HandleWord.kind(h) != kind || HandleWord.cache(h) != cache.id || !cache.exists(index)
                || !HandleWord.allocated(g)) {
            throw new SkbException(ErrorCode.NOT_ALLOCATED, op + ": " + Long.toHexString(h) + " is not a " + what
                    + " this implementation handed out");
        }
        int now = cache.generation(index);
        if (now == g) {
            return index;
        }
        if (Integer.compareUnsigned(g, now) < 0) {
            throw dead(dropping, invariant, op + ": " + what + " " + Long.toHexString(h) + " was already released");
        }
        throw new SkbException(ErrorCode.NOT_ALLOCATED, op + ": " + Long.toHexString(h) + " is not a " + what
                + " this implementation handed out");
    }

    static SkbException dead(boolean dropping, String invariant, String message) {
        return new SkbException(dropping ? ErrorCode.DOUBLE_FREE : ErrorCode.USE_AFTER_FREE, invariant, message);
    }

    static void require(boolean ok, ErrorCode code, String invariant, String message) {
        if (!ok) {
            throw new SkbException(code, invariant, message);
        }
    }
}
