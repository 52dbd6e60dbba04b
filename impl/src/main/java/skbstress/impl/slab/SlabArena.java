package skbstress.impl.slab;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import skbstress.api.ObjectCtor;

/**
 * A set of caches with their ids, the per-thread magazines of every thread that uses them, and the
 * statistics that need all of them. Creating a cache is lock-free too (a CAS into a fixed table).
 *
 * <p>Threads come and go: the magazines of a thread that ended are given back to the depots (by the
 * next thread that registers, by a bounded cache that finds its depot empty, and by statistics), and the
 * registry then forgets the thread; a thread that lives on but will stop using the arena (a pooled
 * thread going idle) gives its magazines back with {@link #releaseLocal}.
 */
public final class SlabArena {
    private final AtomicReferenceArray<SlabCache> caches = new AtomicReferenceArray<>(HandleWord.MAX_CACHES);
    private final AtomicInteger cacheCount = new AtomicInteger();
    private final ThreadLocal<ThreadCaches> local = ThreadLocal.withInitial(this::register);
    /**
     * A direct-mapped table by thread id in front of the ThreadLocal: an entry is only ever used by the
     * thread it names (ids are never reused), so a plain read that finds another thread's entry, or a
     * stale one, just falls back to the ThreadLocal and installs this thread's entry.
     */
    private final ThreadCaches[] byThread = new ThreadCaches[BY_THREAD];
    private static final int BY_THREAD = 256;
    /**
     * Every live thread's magazines (and those of ended threads not yet reclaimed), copied on write: a
     * thread registers once and is forgotten once, while every statistic and every reclaim walks it, so a
     * walk is a read of one array (no retry loop; a walk over a stale copy only misses a change in flight).
     */
    private final AtomicReference<ThreadCaches[]> registered = new AtomicReference<>(new ThreadCaches[0]);
    private final boolean poison;
    private final int magazineCapacity;
    /** Told of poison found overwritten; set before the arena's caches are made (see ImplState). */
    private volatile PoisonListener poisonListener;

    public SlabArena(boolean poison) {
        this(poison, Magazine.CAPACITY);
    }

    /** An arena whose threads' magazines hold {@code magazineCapacity} objects (even, at least 2). */
    public SlabArena(boolean poison, int magazineCapacity) {
        if (magazineCapacity < 2 || magazineCapacity % 2 != 0 || magazineCapacity > 1024) {
            throw new IllegalArgumentException("magazine capacity " + magazineCapacity + " must be even, in [2, 1024]");
        }
        this.poison = poison;
        this.magazineCapacity = magazineCapacity;
    }

    /** Who is told of a write after free that an allocation finds; for caches created from now on. */
    public void onPoison(PoisonListener listener) {
        this.poisonListener = listener;
    }

    private ThreadCaches register() {
        reclaimEnded();
        ThreadCaches tc = new ThreadCaches(Thread.currentThread(), magazineCapacity);
        while (true) {
            ThreadCaches[] now = registered.get();
            ThreadCaches[] next = java.util.Arrays.copyOf(now, now.length + 1);
            next[now.length] = tc;
            // release: publishes the copy and its new entry to every walker's get(); a lost CAS copies again
            if (registered.compareAndSet(now, next)) {
                break;
            }
        }
        return tc;
    }

    /** The calling thread's magazines. */
    public ThreadCaches local() {
        Thread t = Thread.currentThread();
        long id = t.getId();
        int slot = (int) id & (BY_THREAD - 1);
        ThreadCaches tc = byThread[slot]; // racy but benign: used only if it is this thread's own entry
        if (tc != null && tc.threadId == id) {
            return tc;
        }
        tc = local.get();
        byThread[slot] = tc;
        return tc;
    }

    /** Gives every magazine of the calling thread back to the depots (its objects stay free, for others). */
    public void releaseLocal() {
        ThreadCaches tc = local();
        for (int id = 0; id < tc.cacheSlots(); id++) {
            Magazine m = tc.peek(id);
            SlabCache c = cache(id);
            if (m != null && c != null) {
                c.flushAll(m);
            }
        }
    }

    /**
     * Gives the magazines of threads that have ended back to the depots and forgets them; true when it
     * found any. Safe from any thread: an ended thread touches its magazines no more.
     */
    public boolean reclaimEnded() {
        boolean any = false;
        for (ThreadCaches tc : registered.get()) {
            // acquire and release: one reclaimer takes an ended thread's magazines; isAlive() orders the thread's
            // last writes to them before this
            if (tc.ended() && tc.reclaimed.compareAndSet(false, true)) {
                for (int id = 0; id < tc.cacheSlots(); id++) {
                    Magazine m = tc.peek(id);
                    SlabCache c = cache(id);
                    if (m != null && c != null) {
                        c.flushAll(m);
                    }
                }
                forget(tc);
                any = true;
            }
        }
        return any;
    }

    /** Threads whose magazines the arena holds (live ones, and ended ones not yet reclaimed). */
    public int registeredThreads() {
        return registered.get().length;
    }

    private void forget(ThreadCaches tc) {
        while (true) {
            ThreadCaches[] now = registered.get();
            ThreadCaches[] next = new ThreadCaches[now.length];
            int k = 0;
            for (ThreadCaches t : now) {
                if (t != tc) {
                    next[k++] = t;
                }
            }
            // release: installs the copy without tc; a lost CAS copies the current array again, keeping its changes
            if (registered.compareAndSet(now, java.util.Arrays.copyOf(next, k))) {
                return;
            }
        }
    }

    /**
     * Creates a cache with the next id; null when the table has no room for another. Its objects are
     * constructed before the id is taken, so a constructor that throws (CALLBACK_FAILED) takes no id.
     */
    public SlabCache create(String name, int objectSize, int align, ObjectCtor ctor, int capacity, boolean hasBytes,
                            PayloadFactory payloadFactory) {
        while (true) {
            int id = cacheCount.get();
            if (id >= HandleWord.MAX_CACHES) {
                return null;
            }
            // racing creations may build a cache for an id another takes first; it is dropped (its
            // constructors ran for objects no cache keeps)
            SlabCache c = new SlabCache(id, name, objectSize, align, ctor, capacity, hasBytes, payloadFactory, poison);
            c.reclaimer(this::reclaimEnded);
            c.poisonListener = poisonListener;
            // release: publishes the constructed cache to cache(id)'s volatile get; a lost CAS drops this one
            boolean mine = caches.compareAndSet(id, null, c);
            // release: whoever took slot id, the count moves past it only after that slot's CAS (won, or lost
            // by reading the winner), so a reader of the count finds the cache
            cacheCount.compareAndSet(id, id + 1);
            if (mine) {
                return c;
            }
        }
    }

    /** The cache with this id, or null. */
    public SlabCache cache(int id) {
        return id >= 0 && id < HandleWord.MAX_CACHES ? caches.get(id) : null;
    }

    public int cacheCount() {
        return Math.min(cacheCount.get(), HandleWord.MAX_CACHES);
    }

    /** Free objects of {@code cache} held in threads' magazines; exact only at quiescence. */
    public int cachedInThreads(SlabCache cache) {
        int n = 0;
        for (ThreadCaches tc : registered.get()) {
            Magazine m = tc.peek(cache.id);
            int k = m == null ? 0 : m.count;
            if (k < 0 || k > magazineCapacity) {
                throw new SlabCorruption(cache.name, "a magazine holds " + k + " objects (capacity " + magazineCapacity
                        + ")");
            }
            n += k;
        }
        return n;
    }

    /**
     * Exact counts of one cache at quiescence (ended threads' magazines given back first). An impossible
     * count is reported as {@link SlabCorruption}, never returned.
     */
    public Stats stats(SlabCache cache) {
        reclaimEnded();
        int inThreads = cachedInThreads(cache);
        int inDepot = cache.depotSizeAtQuiescence();
        int has = cache.made() - cache.retired();
        int allocated = has - inThreads - inDepot;
        if (allocated < 0) {
            throw new SlabCorruption(cache.name, String.format("%d objects are free (%d in magazines, %d in the "
                    + "depot) but the cache has only %d: an object is free twice", inThreads + inDepot, inThreads,
                    inDepot, has));
        }
        return new Stats(allocated, inThreads + inDepot, inThreads, inDepot, cache.slabCount());
    }

    /** Allocated, free (of which in magazines, in the depot), and slabs of a cache. */
    public record Stats(int allocated, int free, int perThreadCached, int inDepot, int slabs) {}
}
