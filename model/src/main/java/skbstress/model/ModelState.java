package skbstress.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import skbstress.api.ErrorCode;
import skbstress.api.FreeFunction;
import skbstress.api.Kernel;
import skbstress.api.KernelProfile;
import skbstress.api.Refusals;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * Everything the model knows, and the lookups that turn a handle into a live thing or a named refusal.
 * Dead things stay registered (handles are never reused), so a stale handle is told apart from one that
 * was never issued.
 */
final class ModelState {
    final SkbConfig config;
    final Handles handles = new Handles();
    final List<ModelCache> caches = new ArrayList<>();
    final Map<Long, ModelSkb> skbs = new HashMap<>();
    final Map<Long, ModelCache.Allocation> objects = new HashMap<>();
    final Map<Long, ModelPage> pages = new HashMap<>();
    final Map<Long, ModelDriverBuffer> driverBuffers = new HashMap<>();
    final Map<Long, ModelUbuf> ubufs = new HashMap<>();
    final Map<Long, ModelSocket> sockets = new HashMap<>();
    final Map<Long, ModelPool> pools = new HashMap<>();

    /** What is alive now, by handle: what a snapshot shows (the maps above also keep the dead). */
    final TreeMap<Long, ModelSkb> liveSkbs = new TreeMap<>();
    final TreeMap<Long, ModelCache.Allocation> liveObjects = new TreeMap<>();
    final TreeMap<Long, ModelPage> livePageSet = new TreeMap<>();
    final TreeMap<Long, ModelDriverBuffer> liveDriverBuffers = new TreeMap<>();
    final TreeMap<Long, ModelUbuf> liveUbufs = new TreeMap<>();
    final TreeMap<Long, ModelExt> liveExts = new TreeMap<>();
    /** Each CPU's NAPI cache of head-cache structs; the last element is the top (specs/napi.md). */
    final List<List<ModelCache.Allocation>> napiCaches = new ArrayList<>();
    /** Page pools that have not ended (a destroyed one stays while pages are in flight). */
    final TreeMap<Long, ModelPool> livePools = new TreeMap<>();

    final LogRing<Long> freeFunctionLog = new LogRing<>();
    final LogRing<Snapshot.DestructorRun> destructorLog = new LogRing<>();
    final LogRing<Snapshot.Completion> completionLog = new LogRing<>();
    final LogRing<Snapshot.Warning> warnings = new LogRing<>();

    /**
     * Free functions due, run when the outermost operation ends (see {@link SkbModel}): a free function
     * may call the model again, and then it must find every state change of the release already made.
     */
    final List<DueCall> due = new ArrayList<>();
    /** How many operations are under way on this thread's stack (a callback's calls nest). */
    int depth;

    record DueCall(FreeFunction fn, long buffer) {}

    private final long[] sequences = new long[Handles.Kind.values().length];
    int livePages;

    ModelState(SkbConfig config) {
        this.config = config;
        caches.add(new ModelCache(SkbOps.HEAD_CACHE, "skbuff_head_cache", Kernel.SKB_STRUCT_SIZE,
                Kernel.SMP_CACHE_BYTES, null, config.headCacheCapacity()));
        caches.add(new ModelCache(SkbOps.FCLONE_CACHE, "skbuff_fclone_cache", Kernel.FCLONES_SIZE,
                Kernel.SMP_CACHE_BYTES, null, config.fcloneCacheCapacity()));
        for (int shift = SkbOps.KMALLOC_MIN_SHIFT; shift <= SkbOps.KMALLOC_MAX_SHIFT; shift++) {
            caches.add(new ModelCache(caches.size(), "kmalloc-" + (1 << shift), 1 << shift, 0, null,
                    config.kmallocCapacity()));
        }
        caches.add(new ModelCache(SkbOps.SMALL_HEAD_CACHE, "skbuff_small_head", KernelProfile.SMALL_HEAD_CACHE_SIZE, 0,
                null, config.kmallocCapacity()));
        for (int cpu = 0; cpu < SkbOps.NAPI_CPUS; cpu++) {
            napiCaches.add(new ArrayList<>());
        }
    }

    long next(Handles.Kind kind) {
        return handles.make(kind, ++sequences[kind.ordinal()]);
    }

    void warn(ErrorCode code, String invariant, String message) {
        warnings.add(new Snapshot.Warning(code, invariant, message));
    }

    ModelCache headCache() {
        return caches.get(SkbOps.HEAD_CACHE);
    }

    ModelCache fcloneCache() {
        return caches.get(SkbOps.FCLONE_CACHE);
    }

    /** The cache a head for {@code size} data bytes comes from, as this instance's kernel chooses it. */
    ModelCache heads(int size) {
        if (Kernel.kmallocClass(KernelProfile.headRequest(size)) < 0) {
            throw Refusals.headTooLarge(KernelProfile.headRequest(size));
        }
        return caches.get(config.profile().headCache(size));
    }

    KernelProfile profile() {
        return config.profile();
    }

    ModelCache cache(int id) {
        if (id < 0 || id >= caches.size()) {
            throw Refusals.noSuchCache(id, caches.size());
        }
        return caches.get(id);
    }

    // ---------------------------------------------------------------- objects of caches

    /** A new allocation of the next free object of {@code cache}; callers check canAlloc first. */
    ModelCache.Allocation allocObject(ModelCache cache, ModelCache.Owner owner) {
        ModelCache.Obj o = cache.alloc();
        ModelCache.Allocation a = new ModelCache.Allocation(next(Handles.Kind.OBJECT), o, owner);
        o.current = a;
        objects.put(a.handle, a);
        liveObjects.put(a.handle, a);
        return a;
    }

    void freeObject(ModelCache.Allocation a) {
        ensure(a.live, "I-SLAB-1", "object " + Long.toHexString(a.handle) + " freed twice");
        a.live = false;
        liveObjects.remove(a.handle);
        a.object.current = null;
        a.object.cache.free(a.object);
    }

    // ---------------------------------------------------------------- handles

    /** A live skb, for any use other than dropping a reference. */
    ModelSkb skb(long h, String op) {
        return skb(h, op, false);
    }

    /** A live skb whose reference the caller is about to drop. */
    ModelSkb skbToFree(long h, String op) {
        return skb(h, op, true);
    }

    private ModelSkb skb(long h, String op, boolean dropping) {
        ModelSkb s = handles.is(h, Handles.Kind.SKB) ? skbs.get(h) : null;
        if (s == null) {
            throw Refusals.notIssued(op, h, "an skb");
        }
        if (!s.alive) {
            throw Refusals.skbReleased(op, h, dropping);
        }
        return s;
    }

    ModelPage page(long h, String op, boolean dropping) {
        ModelPage p = handles.is(h, Handles.Kind.PAGE) ? pages.get(h) : null;
        if (p == null) {
            throw Refusals.notIssued(op, h, "a page");
        }
        if (!p.alive()) {
            throw Refusals.pageFreed(op, h, dropping);
        }
        return p;
    }

    ModelDriverBuffer driverBuffer(long h, String op, boolean dropping) {
        ModelDriverBuffer b = handles.is(h, Handles.Kind.DRIVER_BUFFER) ? driverBuffers.get(h) : null;
        if (b == null) {
            throw Refusals.notIssued(op, h, "a driver buffer");
        }
        if (b.freed()) {
            throw Refusals.driverBufferFreed(op, h, dropping);
        }
        return b;
    }

    ModelUbuf ubuf(long h, String op, boolean dropping) {
        ModelUbuf u = handles.is(h, Handles.Kind.UBUF) ? ubufs.get(h) : null;
        if (u == null) {
            throw Refusals.notIssued(op, h, "a ubuf");
        }
        if (u.completed) {
            throw Refusals.ubufCompleted(op, h, dropping);
        }
        return u;
    }

    ModelSocket socket(long h, String op) {
        ModelSocket s = handles.is(h, Handles.Kind.SOCKET) ? sockets.get(h) : null;
        if (s == null) {
            throw Refusals.notIssued(op, h, "a socket");
        }
        return s;
    }

    ModelCache.Allocation object(long h, String op) {
        ModelCache.Allocation a = handles.is(h, Handles.Kind.OBJECT) ? objects.get(h) : null;
        if (a == null) {
            throw Refusals.notIssued(op, h, "a cache object");
        }
        return a;
    }

    static void require(boolean ok, ErrorCode code, String invariant, String message) {
        if (!ok) {
            throw new SkbException(code, invariant, message);
        }
    }

    /** A rule the model itself must keep; failing it is a bug in the model, not a refused call. */
    static void ensure(boolean ok, String invariant, String message) {
        if (!ok) {
            throw new IllegalStateException("model bug (" + invariant + "): " + message);
        }
    }
}
