package skbstress.impl;

import java.util.List;
import skbstress.api.Bytes;
import skbstress.api.FreeFunction;
import skbstress.api.KernelProfile;
import skbstress.api.LeakLevel;
import skbstress.api.LeakReport;
import skbstress.api.ObjectCtor;
import skbstress.api.SkbConfig;
import skbstress.api.SkbDiagnostics;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.Magazine;
import skbstress.impl.slab.SlabArena;
import skbstress.impl.slab.SlabCache;
import skbstress.impl.slab.SlabCorruption;

/**
 * The concurrent skb implementation over a lock-free slab allocator. Every operation of the model,
 * with the same error codes; thread-safe wherever the kernel allows concurrency, and impossible to
 * corrupt where it does not (see {@link ImplHandles}): a misuse from any thread is accepted as the model
 * accepts it or refused by name. {@link #snapshot()} is exact only at quiescence.
 *
 * <p>The rules live in classes by area, as in the model: {@link ImplHandles} (the model's lookups),
 * {@link ImplConstructors}, {@link ImplRelease}, {@link ImplClones}, {@link ImplGeometry},
 * {@link ImplPages}, {@link ImplFrags}, {@link ImplCopies}, {@link ImplZeroCopy}, {@link ImplSlabs}.
 * Operations that can release a driver buffer end by running the free functions they made due
 * ({@link Callbacks}).
 */
public final class SkbImpl implements SkbOps, SkbDiagnostics {
    private final ImplState st;
    private final ImplHandles handles;
    private final ImplConstructors constructors;
    private final ImplRelease release;
    private final ImplClones clones;
    private final ImplGeometry geometry;
    private final ImplPages pages;
    private final ImplFrags frags;
    private final ImplCopies copies;
    private final ImplZeroCopy zeroCopy;
    private final ImplSlabs slabs;
    private final ImplCoalesce coalesce;
    private final ImplSegment segment;
    private final ImplNapi napi;
    private final ImplPullTail pullTail;
    private final ImplTrim trim;
    private final ImplPagePool pagePool;

    public SkbImpl() {
        this(SkbConfig.UNBOUNDED);
    }

    /** The system property that turns poisoning on for instances made without saying ({@code true}). */
    public static final String POISON_PROPERTY = "skbstress.poison";
    /** The system property that turns JFR events on for every instance a JVM makes ({@code true}). */
    public static final String JFR_PROPERTY = JfrEvents.PROPERTY;

    /** With the JVM's defaults: {@link LeakLevel#fromSystemProperty()} and {@link #POISON_PROPERTY}. */
    public SkbImpl(SkbConfig config) {
        this(config, Boolean.getBoolean(POISON_PROPERTY));
    }

    /** With a leak detection level of its own (poisoning and JFR events as the JVM's defaults say). */
    public SkbImpl(SkbConfig config, LeakLevel level) {
        this(config, Boolean.getBoolean(POISON_PROPERTY), Magazine.CAPACITY, level);
    }

    /** @param poison debug mode: freed cache objects are poisoned and checked on reuse */
    public SkbImpl(SkbConfig config, boolean poison) {
        this(config, poison, Magazine.CAPACITY);
    }

    /**
     * @param magazineCapacity objects each thread caches per cache (even, in [2, 1024]); small values make
     *     short tests reach the shared depot and the exhaustion rule of P-SLAB-1
     */
    public SkbImpl(SkbConfig config, boolean poison, int magazineCapacity) {
        this(config, poison, magazineCapacity, LeakLevel.fromSystemProperty());
    }

    /** @param level what is recorded for leak and misuse reports ({@link #leaks()}) */
    public SkbImpl(SkbConfig config, boolean poison, int magazineCapacity, LeakLevel level) {
        st = new ImplState(config, poison, magazineCapacity, new Tracker(level, LeakLevel.interval(),
                Boolean.getBoolean(JFR_PROPERTY)));
        handles = new ImplHandles(st);
        constructors = new ImplConstructors(st);
        release = new ImplRelease(st, handles);
        clones = new ImplClones(st, handles, constructors);
        geometry = new ImplGeometry(handles);
        pages = new ImplPages(st);
        frags = new ImplFrags(handles, pages);
        copies = new ImplCopies(st, handles, pages, frags);
        zeroCopy = new ImplZeroCopy(st, handles);
        slabs = new ImplSlabs(st, handles, release);
        coalesce = new ImplCoalesce(st, handles, pages, frags, release);
        segment = new ImplSegment(st, handles, pages, constructors, zeroCopy);
        napi = new ImplNapi(st, constructors, pages, handles);
        release.wireNapi(napi);
        pullTail = new ImplPullTail(st, handles, pages, frags, copies, clones, constructors, zeroCopy);
        trim = new ImplTrim(st, handles, pages, copies, pullTail);
        pagePool = new ImplPagePool(st, pages, handles);
        pages.wire(pagePool);
        handles.wire(release);
        constructors.wire(pages);
        release.wire(zeroCopy, pages);
        clones.wire(zeroCopy, pages, copies);
        copies.wire(constructors, release, zeroCopy);
        zeroCopy.wire(constructors, pages, frags);
    }

    /** Exact slab statistics of a visible cache (allocated, free, per-thread cached), at quiescence. */
    public SlabArena.Stats stats(int cache) {
        return st.visible.stats(st.cache(cache));
    }

    @Override
    public int liveObjects(int cache) {
        return stats(cache).allocated();
    }

    /**
     * Every live object by kind and handle, with its allocation site and history when it was tracked; the
     * caches' live counts; the counters that must agree with them (free functions made due and not run, the
     * page count the page cap is checked against); the warnings and poison violations, with their sites.
     * Empty when nothing is left alive and nothing went wrong. Sockets live for ever and are left out. Exact at
     * quiescence; a corrupt free list or count is reported by name.
     */
    @Override
    public LeakReport leaks() {
        return ImplLeaks.report(st, handles, pages.livePagesCounted(), napi.counts());
    }

    /** The leak detection level this instance was made with. */
    public LeakLevel leakLevel() {
        return st.tracker.level;
    }

    /** Gives the calling thread's magazines back to the depots (a pooled thread going idle). */
    @Override
    public void releaseThreadCaches() {
        st.visible.releaseLocal();
        st.internal.releaseLocal();
    }

    @Override
    public int registeredThreads() {
        return Math.max(st.visible.registeredThreads(), st.internal.registeredThreads());
    }

    /** Ages a dead struct to {@code lives} lives after its cache's first generation (tests of retirement). */
    static void ageForTest(SkbDesc d, long lives) {
        // release: a test hook on a dead struct; the test's own hand-off orders it before any pin
        d.setStateRelease(SkbLife.make(skbstress.impl.slab.Generations.afterLives(d.genBase, lives),
                SkbLife.RELEASING));
    }

    /** The struct behind a handle, for tests in this package. */
    SkbDesc descForTest(long h) {
        return handles.lookup(h);
    }

    /** Sets a live page's reference count, for tests of get_page's refusal at INT_MAX. */
    void pageRefcountForTest(long page, int refcount) {
        pages.meta(HandleWord.index(page)).refcountForTest(refcount);
    }

    /** The clone steps, for tests in this package that put another thread's clone between them. */
    ImplClones clonesForTest() {
        return clones;
    }

    /** The handle protocol, for tests in this package that play another thread's part. */
    ImplHandles handlesForTest() {
        return handles;
    }

    /** Runs the free functions this thread's own call made due; CALLBACK_FAILED if one threw. */
    private void finish() {
        if (st.callbacks.any()) {
            st.callbacks.finish();
        }
    }

    /** Allocations that found freed memory's poison overwritten, over every cache (debug mode). */
    public int poisonViolations() {
        int n = 0;
        for (int id = 0; id < st.visible.cacheCount(); id++) {
            n += st.visible.cache(id).poisonViolations();
        }
        return n;
    }

    /** The slab cache behind a visible cache id (for allocator-level tests and benchmarks). */
    public SlabCache slabCache(int cache) {
        return st.cache(cache);
    }

    @Override
    public int createCache(String name, int objectSize, int align, ObjectCtor ctor, int capacity) {
        return slabs.createCache(name, objectSize, align, ctor, capacity);
    }

    @Override
    public long cacheAlloc(int cache) {
        return slabs.cacheAlloc(cache);
    }

    @Override
    public void cacheFree(int cache, long object) {
        slabs.cacheFree(cache, object);
    }

    @Override
    public Bytes readObject(int domain, long object) {
        return slabs.readObject(domain, object);
    }

    @Override
    public void writeObject(int domain, long object, int offset, byte[] bytes) {
        slabs.writeObject(domain, object, offset, bytes);
    }

    @Override
    public long allocSkb(int size, boolean fclone) {
        return constructors.allocSkb(size, fclone);
    }

    @Override
    public long devAllocSkb(int len) {
        return constructors.devAllocSkb(len, false);
    }

    @Override
    public long devAllocSkbIpAlign(int len) {
        return constructors.devAllocSkb(len, true);
    }

    @Override
    public long napiAllocSkb(int cpu, int len) {
        return napi.alloc(cpu, len);
    }

    @Override
    public void napiConsumeSkb(long skb, int cpu, int budget) {
        napi.consume(skb, cpu, budget);
        finish();
    }

    @Override
    public void napiCacheDrain(int cpu) {
        napi.drain(cpu);
    }

    @Override
    public long allocSkbFromCache(int cache, int size) {
        return constructors.allocSkbFromCache(cache, size);
    }

    @Override
    public long buildSkb(long page, int offset, int fragSize) {
        return constructors.buildSkb(page, offset, fragSize);
    }

    @Override
    public long dataObject(long skb) {
        return slabs.dataObject(skb);
    }

    @Override
    public void reserve(long skb, int len) {
        geometry.reserve(skb, len);
    }

    @Override
    public void put(long skb, byte[] bytes) {
        geometry.put(skb, bytes);
    }

    @Override
    public void push(long skb, byte[] bytes) {
        geometry.push(skb, bytes);
    }

    @Override
    public void pull(long skb, int len) {
        geometry.pull(skb, len);
    }

    @Override
    public void trim(long skb, int len) {
        geometry.trim(skb, len);
    }

    @Override
    public Bytes linearBytes(long skb) {
        return geometry.linearBytes(skb);
    }

    @Override
    public Bytes bytes(long skb) {
        return frags.bytes(skb);
    }

    @Override
    public Snapshot.Skb view(long skb) {
        SkbDesc d = handles.pinReader(skb, "view");
        try {
            return ImplSnapshots.view(st, d);
        } finally {
            handles.unpinReader(d);
        }
    }

    @Override
    public void get(long skb) {
        release.get(skb, 1);
    }

    @Override
    public void getMany(long skb, int n) {
        release.get(skb, n);
    }

    @Override
    public boolean free(long skb) {
        boolean released = release.free(skb, "kfree_skb");
        finish();
        return released;
    }

    @Override
    public boolean consume(long skb) {
        boolean released = release.free(skb, "consume_skb");
        finish();
        return released;
    }

    @Override
    public long shareCheck(long skb) {
        return clones.shareCheck(skb);
    }

    @Override
    public long unshare(long skb) {
        return clones.unshare(skb);
    }

    @Override
    public long clone(long skb) {
        return clones.clone(skb);
    }

    @Override
    public void headerRelease(long skb) {
        clones.headerRelease(skb);
    }

    @Override
    public boolean cloned(long skb) {
        return clones.cloned(skb);
    }

    @Override
    public boolean headerCloned(long skb) {
        return clones.headerCloned(skb);
    }

    @Override
    public long allocPage() {
        return pages.allocPage();
    }

    @Override
    public void getPage(long page) {
        pages.getPage(page);
    }

    @Override
    public void putPage(long page) {
        pages.putPage(page);
    }

    @Override
    public void writePage(long page, int offset, byte[] bytes) {
        pages.writePage(page, offset, bytes);
    }

    @Override
    public void addFrag(long skb, long page, int offset, int size) {
        frags.addFrag(skb, page, offset, size);
    }

    @Override
    public void addFragList(long skb, long member) {
        frags.addFragList(skb, member);
    }

    @Override
    public boolean coalesce(long to, long from) {
        boolean coalesced = coalesce.coalesce(to, from);
        finish(); // a tailroom copy frees from whole: free functions it made due run now
        return coalesced;
    }

    @Override
    public long[] segment(long skb, int hdrLen, int mss) {
        return segment.segment(skb, hdrLen, mss);
    }

    @Override
    public long pskbCopy(long skb) {
        return copies.pskbCopy(skb);
    }

    @Override
    public long copy(long skb) {
        return copies.copy(skb);
    }

    @Override
    public void expandHead(long skb, int nhead, int ntail) {
        copies.expandHead(skb, nhead, ntail);
        finish();
    }

    @Override
    public void cow(long skb, int headroom) {
        copies.cow(skb, headroom, false);
        finish();
    }

    @Override
    public void cowHead(long skb, int headroom) {
        copies.cow(skb, headroom, true);
        finish();
    }

    @Override
    public long createDriverBuffer(int size, FreeFunction freeFunction) {
        return zeroCopy.createDriverBuffer(size, freeFunction);
    }

    @Override
    public void writeDriverBuffer(long buffer, int offset, byte[] bytes) {
        zeroCopy.writeDriverBuffer(buffer, offset, bytes);
    }

    @Override
    public long makeZeroCopySkb(long buffer, int offset, int len) {
        return zeroCopy.makeZeroCopySkb(buffer, offset, len);
    }

    @Override
    public void releaseDriverBuffer(long buffer) {
        zeroCopy.releaseDriverBuffer(buffer);
        finish();
    }

    @Override
    public long createZerocopySocket() {
        return zeroCopy.createSocket();
    }

    @Override
    public long ubufAlloc(long socket, boolean dontOrphan) {
        return zeroCopy.ubufAlloc(socket, dontOrphan);
    }

    @Override
    public void ubufExtend(long ubuf) {
        zeroCopy.ubufExtend(ubuf);
    }

    @Override
    public void ubufPut(long ubuf) {
        zeroCopy.ubufPut(ubuf);
    }

    @Override
    public void zerocopyAttach(long skb, long ubuf, long page, int offset, int size) {
        zeroCopy.attach(skb, ubuf, page, offset, size);
    }

    @Override
    public void orphanFrags(long skb) {
        zeroCopy.orphanFrags(skb);
    }

    @Override
    public List<Snapshot.Notification> readErrorQueue(long socket) {
        return zeroCopy.readErrorQueue(socket);
    }

    @Override
    public long pageFlip(long skb, int domain) {
        return slabs.pageFlip(skb, domain);
    }

    @Override
    public void releaseFlipped(int domain, long object) {
        slabs.releaseFlipped(domain, object);
    }

    @Override
    public void setDestructor(long skb, int tag) {
        release.setDestructor(skb, tag);
    }

    @Override
    public void orphan(long skb) {
        release.orphan(skb);
    }

    @Override
    public void linearize(long skb) {
        pullTail.linearize(skb);
    }

    @Override
    public boolean pskbMayPull(long skb, int len) {
        return pullTail.mayPull(skb, len);
    }

    @Override
    public void pskbPull(long skb, int len) {
        pullTail.pskbPull(skb, len);
    }

    @Override
    public void pskbTrim(long skb, int len) {
        trim.pskbTrim(skb, len);
    }

    @Override
    public long createPagePool(int capacity) {
        return pagePool.create(capacity);
    }

    @Override
    public long poolAllocPage(long pool) {
        return pagePool.alloc(pool);
    }

    @Override
    public void poolPutPage(long page) {
        pagePool.put(page);
    }

    @Override
    public void markForRecycle(long skb) {
        pagePool.markForRecycle(skb);
    }

    @Override
    public void destroyPagePool(long pool) {
        pagePool.destroy(pool);
    }

    @Override
    public void extAdd(long skb, int id, int value) {
        release.extensions.add(skb, id, value);
    }

    @Override
    public void extDel(long skb, int id) {
        release.extensions.del(skb, id);
    }

    @Override
    public int extFind(long skb, int id) {
        return release.extensions.find(skb, id);
    }

    @Override
    public void setOwnerW(long skb, long socket) {
        release.setOwner(skb, socket, true);
    }

    @Override
    public void setOwnerR(long skb, long socket) {
        release.setOwner(skb, socket, false);
    }

    @Override
    public boolean fcloneBusy(long socket, long skb) {
        return release.fcloneBusy(socket, skb);
    }

    @Override
    public KernelProfile profile() {
        return st.config.profile();
    }

    @Override
    public Snapshot snapshot() {
        return ImplSnapshots.take(st, napi.counts());
    }

    @Override
    public String toString() {
        return "SkbImpl";
    }
}
