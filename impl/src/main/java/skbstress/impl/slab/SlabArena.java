package skbstress.impl.slab;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import skbstress.api.ObjectCtor;

/**
 * A set of caches with their ids, the per-thread magazines of every thread that uses them, and the
 * statistics that need all of them. Creating a cache is lock-free too (an append to a fixed table).
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
    /** Every thread's magazines, for statistics at quiescence (a lock-free push-only list). */
    private final AtomicReference<ThreadCaches> registered = new AtomicReference<>();
    private final boolean poison;
    private final boolean bumpTag;
    private final int magazineCapacity;

    public SlabArena(boolean poison, boolean bumpTag) {
        this(poison, bumpTag, Magazine.CAPACITY);
    }

    /** An arena whose threads' magazines hold {@code magazineCapacity} objects (even, at least 2). */
    public SlabArena(boolean poison, boolean bumpTag, int magazineCapacity) {
        if (magazineCapacity < 2 || magazineCapacity % 2 != 0 || magazineCapacity > 1024) {
            throw new IllegalArgumentException("magazine capacity " + magazineCapacity + " must be even, in [2, 1024]");
        }
        this.poison = poison;
        this.bumpTag = bumpTag;
        this.magazineCapacity = magazineCapacity;
    }

    private ThreadCaches register() {
        ThreadCaches tc = new ThreadCaches(Thread.currentThread(), magazineCapacity);
        ThreadCaches head;
        do {
            head = registered.get();
            tc.nextRegistered = head;
        } while (!registered.compareAndSet(head, tc));
        return tc;
    }

    /** The calling thread's magazines. */
    public ThreadCaches local() {
        Thread t = Thread.currentThread();
        int slot = (int) t.getId() & (BY_THREAD - 1);
        ThreadCaches tc = byThread[slot]; // racy but benign: used only if it is this thread's own entry
        if (tc != null && tc.thread == t) {
            return tc;
        }
        tc = local.get();
        byThread[slot] = tc;
        return tc;
    }

    /** Creates a cache with the next id; -1 when the handle word has no room for another. */
    public SlabCache create(String name, int objectSize, int align, ObjectCtor ctor, int capacity, boolean hasBytes,
                            PayloadFactory payloadFactory) {
        int id = cacheCount.getAndIncrement();
        if (id >= HandleWord.MAX_CACHES) {
            cacheCount.decrementAndGet();
            return null;
        }
        SlabCache c = new SlabCache(id, name, objectSize, align, ctor, capacity, hasBytes, payloadFactory, poison,
                bumpTag);
        caches.set(id, c);
        return c;
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
        for (ThreadCaches tc = registered.get(); tc != null; tc = tc.nextRegistered) {
            Magazine m = tc.peek(cache.id);
            n += m == null ? 0 : m.count;
        }
        return n;
    }

    /** Exact counts of one cache at quiescence. */
    public Stats stats(SlabCache cache) {
        int inThreads = cachedInThreads(cache);
        int inDepot = cache.depotSizeAtQuiescence();
        int made = cache.created();
        return new Stats(made - inThreads - inDepot, inThreads + inDepot, inThreads, inDepot, cache.slabCount());
    }

    /** Allocated, free (of which in magazines, in the depot), and slabs of a cache. */
    public record Stats(int allocated, int free, int perThreadCached, int inDepot, int slabs) {}
}
