package skbstress.impl;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import skbstress.api.Bytes;
import skbstress.api.FreeFunction;
import skbstress.api.Kernel;
import skbstress.api.ObjectCtor;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.impl.slab.Magazine;
import skbstress.impl.slab.SlabArena;
import skbstress.impl.slab.SlabCache;

/**
 * The concurrent skb implementation over a lock-free slab allocator. Every operation of the model,
 * with the same error codes; thread-safe wherever the kernel allows concurrency (see
 * {@link ImplLifetime}). {@link #snapshot()} is exact only at quiescence.
 *
 * <p>The rules live in classes by area, as in the model: {@link ImplLifetime}, {@link ImplGeometry},
 * {@link ImplFrags}, {@link ImplZeroCopy}, {@link ImplSlabs}.
 */
public final class SkbImpl implements SkbOps {
    private final ImplState st;
    private final ImplLifetime lifetime;
    private final ImplGeometry geometry;
    private final ImplFrags frags;
    private final ImplZeroCopy zeroCopy;
    private final ImplSlabs slabs;

    public SkbImpl() {
        this(SkbConfig.UNBOUNDED);
    }

    public SkbImpl(SkbConfig config) {
        this(config, EnumSet.noneOf(Fault.class), false);
    }

    /**
     * @param faults deliberate bugs for canaries (empty in normal use)
     * @param poison debug mode: freed cache objects are poisoned and checked on reuse
     */
    public SkbImpl(SkbConfig config, Set<Fault> faults, boolean poison) {
        this(config, faults, poison, Magazine.CAPACITY);
    }

    /**
     * @param magazineCapacity objects each thread caches per cache (even, in [2, 1024]); small values make
     *     short tests reach the shared depot and the exhaustion rule of P-SLAB-1
     */
    public SkbImpl(SkbConfig config, Set<Fault> faults, boolean poison, int magazineCapacity) {
        st = new ImplState(config, faults, poison, magazineCapacity);
        lifetime = new ImplLifetime(st);
        geometry = new ImplGeometry(lifetime);
        frags = new ImplFrags(st);
        zeroCopy = new ImplZeroCopy(st);
        slabs = new ImplSlabs(st, lifetime);
        lifetime.wire(zeroCopy, frags);
        frags.wire(lifetime, zeroCopy);
        zeroCopy.wire(lifetime, frags);
    }

    /** Exact slab statistics of a visible cache (allocated, free, per-thread cached), at quiescence. */
    public SlabArena.Stats stats(int cache) {
        return st.visible.stats(st.cache(cache));
    }

    /**
     * A cheap quiescence check, without a snapshot: every cache of both arenas (skb structs, heads, caller
     * objects, pages, shared infos, driver buffers, ubufs) with a live object, and the warnings recorded;
     * empty when nothing is left alive and nothing was warned about. Sockets live for ever and are left out.
     */
    public String leaks() {
        StringBuilder out = new StringBuilder();
        for (SlabArena arena : new SlabArena[] {st.visible, st.internal}) {
            for (int id = 0; id < arena.cacheCount(); id++) {
                SlabCache c = arena.cache(id);
                int live = arena.stats(c).allocated();
                if (live != 0 && c != st.sockets) {
                    out.append(c.name).append(": ").append(live).append(" live; ");
                }
            }
        }
        if (!st.warnings.isEmpty()) {
            out.append(st.warnings.size()).append(" warnings: ").append(st.warnings);
        }
        return out.toString();
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
        return lifetime.allocSkb(size, fclone);
    }

    @Override
    public long devAllocSkb(int len) {
        return lifetime.devAllocSkb(len, Kernel.NET_SKB_PAD);
    }

    @Override
    public long devAllocSkbIpAlign(int len) {
        return lifetime.devAllocSkb(len, Kernel.NET_SKB_PAD + Kernel.NET_IP_ALIGN);
    }

    @Override
    public long allocSkbFromCache(int cache, int size) {
        return slabs.allocSkbFromCache(cache, size);
    }

    @Override
    public long buildSkb(long page, int offset, int fragSize) {
        return frags.buildSkb(page, offset, fragSize);
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
        return ImplSnapshots.view(st, lifetime.skb(skb, "view", false));
    }

    @Override
    public void get(long skb) {
        lifetime.get(skb, 1);
    }

    @Override
    public void getMany(long skb, int n) {
        lifetime.get(skb, n);
    }

    @Override
    public boolean free(long skb) {
        return lifetime.free(skb, "kfree_skb");
    }

    @Override
    public boolean consume(long skb) {
        return lifetime.free(skb, "consume_skb");
    }

    @Override
    public long shareCheck(long skb) {
        return lifetime.shareCheck(skb);
    }

    @Override
    public long unshare(long skb) {
        return lifetime.unshare(skb);
    }

    @Override
    public long clone(long skb) {
        return lifetime.clone(skb);
    }

    @Override
    public void headerRelease(long skb) {
        lifetime.headerRelease(skb);
    }

    @Override
    public boolean cloned(long skb) {
        return lifetime.cloned(skb);
    }

    @Override
    public boolean headerCloned(long skb) {
        return lifetime.headerCloned(skb);
    }

    @Override
    public long allocPage() {
        return frags.allocPage();
    }

    @Override
    public void getPage(long page) {
        frags.getPage(page);
    }

    @Override
    public void putPage(long page) {
        frags.putPage(page);
    }

    @Override
    public void writePage(long page, int offset, byte[] bytes) {
        frags.writePage(page, offset, bytes);
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
    public long pskbCopy(long skb) {
        return frags.pskbCopy(skb);
    }

    @Override
    public long copy(long skb) {
        return frags.copy(skb);
    }

    @Override
    public void expandHead(long skb, int nhead, int ntail) {
        frags.expandHead(skb, nhead, ntail);
    }

    @Override
    public void cow(long skb, int headroom) {
        frags.cow(skb, headroom, false);
    }

    @Override
    public void cowHead(long skb, int headroom) {
        frags.cow(skb, headroom, true);
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
        lifetime.setDestructor(skb, tag);
    }

    @Override
    public void orphan(long skb) {
        lifetime.orphan(skb);
    }

    @Override
    public Snapshot snapshot() {
        return ImplSnapshots.take(st);
    }

    @Override
    public String toString() {
        return "SkbImpl" + (st.faults.isEmpty() ? "" : st.faults);
    }
}
