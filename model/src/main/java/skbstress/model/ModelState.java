package skbstress.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import skbstress.api.ErrorCode;
import skbstress.api.Kernel;
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
    final List<ModelCache> caches = new ArrayList<>();
    final Map<Long, ModelSkb> skbs = new HashMap<>();
    final Map<Long, ModelCache.Allocation> objects = new HashMap<>();
    final Map<Long, ModelPage> pages = new HashMap<>();
    final Map<Long, ModelDriverBuffer> driverBuffers = new HashMap<>();
    final Map<Long, ModelUbuf> ubufs = new HashMap<>();
    final Map<Long, ModelSocket> sockets = new HashMap<>();

    /** What is alive now, by handle: what a snapshot shows (the maps above also keep the dead). */
    final java.util.TreeMap<Long, ModelSkb> liveSkbs = new java.util.TreeMap<>();
    final java.util.TreeMap<Long, ModelCache.Allocation> liveObjects = new java.util.TreeMap<>();
    final java.util.TreeMap<Long, ModelPage> livePageSet = new java.util.TreeMap<>();
    final java.util.TreeMap<Long, ModelDriverBuffer> liveDriverBuffers = new java.util.TreeMap<>();
    final java.util.TreeMap<Long, ModelUbuf> liveUbufs = new java.util.TreeMap<>();

    final List<Long> freeFunctionLog = new ArrayList<>();
    final List<Snapshot.DestructorRun> destructorLog = new ArrayList<>();
    final List<Snapshot.Completion> completionLog = new ArrayList<>();
    final List<Snapshot.Warning> warnings = new ArrayList<>();

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
    }

    long next(Handles.Kind kind) {
        return Handles.make(kind, ++sequences[kind.ordinal()]);
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

    /** The kmalloc class that holds {@code bytes}. */
    ModelCache kmalloc(int bytes) {
        int c = Kernel.kmallocClass(bytes);
        if (c < 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-GEOM-4", String.format(
                    "a head buffer of %d bytes exceeds the largest kmalloc class (%d)", bytes,
                    Kernel.KMALLOC_MAX_SIZE));
        }
        return caches.get(SkbOps.FIRST_KMALLOC_CACHE + c);
    }

    ModelCache cache(int id) {
        if (id < 0 || id >= caches.size()) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6",
                    "no cache " + id + " (" + caches.size() + " exist)");
        }
        return caches.get(id);
    }

    /** A live skb, for any use other than dropping a reference. */
    ModelSkb skb(long h, String op) {
        return skb(h, op, false);
    }

    /** A live skb whose reference the caller is about to drop. */
    ModelSkb skbToFree(long h, String op) {
        return skb(h, op, true);
    }

    private ModelSkb skb(long h, String op, boolean dropping) {
        ModelSkb s = Handles.is(h, Handles.Kind.SKB) ? skbs.get(h) : null;
        if (s == null) {
            throw new SkbException(ErrorCode.NOT_ALLOCATED, op + ": " + Long.toHexString(h)
                    + " is not an skb this model handed out");
        }
        if (!s.alive) {
            throw dead(dropping, "I-USERS-2", "I-USERS-3", op + ": skb " + Long.toHexString(h)
                    + " was already released" + (dropping ? " (users already 0)" : " (increment or use from 0)"));
        }
        return s;
    }

    ModelPage page(long h, String op, boolean dropping) {
        ModelPage p = Handles.is(h, Handles.Kind.PAGE) ? pages.get(h) : null;
        if (p == null) {
            throw new SkbException(ErrorCode.NOT_ALLOCATED, op + ": " + Long.toHexString(h)
                    + " is not a page this model handed out");
        }
        if (!p.alive()) {
            throw dead(dropping, "I-FRAG-1", "I-FRAG-1", op + ": page " + Long.toHexString(h)
                    + " was already freed (refcount 0)");
        }
        return p;
    }

    ModelDriverBuffer driverBuffer(long h, String op, boolean dropping) {
        ModelDriverBuffer b = Handles.is(h, Handles.Kind.DRIVER_BUFFER) ? driverBuffers.get(h) : null;
        if (b == null) {
            throw new SkbException(ErrorCode.NOT_ALLOCATED, op + ": " + Long.toHexString(h)
                    + " is not a driver buffer this model handed out");
        }
        if (b.freed()) {
            throw dead(dropping, "I-ZCDRV-1", "I-ZCDRV-1", op + ": driver buffer " + Long.toHexString(h)
                    + " was already freed by its free function");
        }
        return b;
    }

    ModelUbuf ubuf(long h, String op, boolean dropping) {
        ModelUbuf u = Handles.is(h, Handles.Kind.UBUF) ? ubufs.get(h) : null;
        if (u == null) {
            throw new SkbException(ErrorCode.NOT_ALLOCATED, op + ": " + Long.toHexString(h)
                    + " is not a ubuf this model handed out");
        }
        if (u.completed) {
            throw dead(dropping, "I-ZC-2", "I-ZC-2", op + ": ubuf " + Long.toHexString(h) + " already completed");
        }
        return u;
    }

    ModelSocket socket(long h, String op) {
        ModelSocket s = Handles.is(h, Handles.Kind.SOCKET) ? sockets.get(h) : null;
        if (s == null) {
            throw new SkbException(ErrorCode.NOT_ALLOCATED, op + ": " + Long.toHexString(h)
                    + " is not a socket this model handed out");
        }
        return s;
    }

    ModelCache.Allocation object(long h, String op) {
        ModelCache.Allocation a = Handles.is(h, Handles.Kind.OBJECT) ? objects.get(h) : null;
        if (a == null) {
            throw new SkbException(ErrorCode.NOT_ALLOCATED, op + ": " + Long.toHexString(h)
                    + " is not a cache object this model handed out");
        }
        return a;
    }

    private static SkbException dead(boolean dropping, String freeInv, String useInv, String msg) {
        return dropping ? new SkbException(ErrorCode.DOUBLE_FREE, freeInv, msg)
                : new SkbException(ErrorCode.USE_AFTER_FREE, useInv, msg);
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
