package skbstress.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import skbstress.api.Bytes;
import skbstress.api.FreeFunction;
import skbstress.api.KernelProfile;
import skbstress.api.ObjectCtor;
import skbstress.api.Refusals;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * The reference model of skb lifetime: plain, sequential, and checked line by line against the kernel
 * facts in {@code specs/}. Not thread-safe, by design: it is the sequential specification that the
 * concurrent implementation is held to.
 *
 * <p>The rules live in small classes by area: {@link Constructors}, {@link Release} (users, destructors,
 * the free pipeline, fast-clone pairs), {@link Clones} (clones and the dataref word), {@link Geometry},
 * {@link Frags} (pages, frags, frag_list, copies, expand), {@link ZeroCopy} (driver buffers, ubufs,
 * notifications), {@link Slabs} (caches and page flips). The model's handles and lookups are in
 * {@link ModelState}.
 */
public final class SkbModel implements SkbOps {
    private final ModelState state;
    private final Constructors constructors;
    private final Release release;
    private final Clones clones;
    private final Geometry geometry;
    private final Frags frags;
    private final Extensions extensions;
    private final PullTail pullTail;
    private final Trim trim;
    private final ZeroCopy zeroCopy;
    private final Slabs slabs;
    private final Coalesce coalesce;
    private final Segment segment;
    private final Napi napi;
    private final PagePool pagePool;

    public SkbModel() {
        this(SkbConfig.UNBOUNDED);
    }

    public SkbModel(SkbConfig config) {
        state = new ModelState(config);
        constructors = new Constructors(state);
        release = new Release(state);
        napi = new Napi(state, constructors, release);
        clones = new Clones(state, constructors, release);
        geometry = new Geometry(state);
        frags = new Frags(state);
        extensions = new Extensions(state);
        zeroCopy = new ZeroCopy(state);
        slabs = new Slabs(state, release);
        coalesce = new Coalesce(state, release);
        segment = new Segment(state, constructors, zeroCopy);
        release.wire(zeroCopy, frags);
        pullTail = new PullTail(state, frags, release, zeroCopy, clones);
        trim = new Trim(state, frags, release, clones, pullTail);
        clones.wire(zeroCopy, frags);
        pagePool = new PagePool(state);
        pagePool.wire(frags);
        frags.wire(constructors, release, zeroCopy, pagePool);
        zeroCopy.wire(constructors, frags);
    }

    // ---------------------------------------------------------------- callbacks

    /**
     * Runs one operation; when the outermost one ends, runs the free functions it made due (and those
     * their own calls made due), each exactly once. A free function that throws is contained: the others
     * still run, and the operation, complete, ends with CALLBACK_FAILED. (Only operations that drop a
     * reference or a driver's hold on a buffer can make a free function due, and none of them returns a
     * new handle, so no handle is lost to the exception.)
     */
    private <T> T call(Supplier<T> op) {
        T result;
        state.depth++;
        try {
            result = op.get();
        } finally {
            state.depth--;
        }
        if (state.depth == 0 && !state.due.isEmpty()) {
            runDue();
        }
        return result;
    }

    private void run(Runnable op) {
        call(() -> {
            op.run();
            return null;
        });
    }

    private long make(LongSupplier op) {
        return call(op::getAsLong);
    }

    private void runDue() {
        long first = 0;
        List<Throwable> causes = new ArrayList<>();
        state.depth++; // a free function's own calls only add to the list this loop drains
        try {
            while (!state.due.isEmpty()) {
                ModelState.DueCall c = state.due.remove(0);
                try {
                    c.fn().free(c.buffer());
                } catch (Throwable t) { // contained: a caller's code, whatever it throws
                    first = causes.isEmpty() ? c.buffer() : first;
                    causes.add(t);
                }
            }
        } finally {
            state.depth--;
        }
        if (!causes.isEmpty()) {
            SkbException e = Refusals.freeFunctionThrew(first, causes.size() - 1, causes.get(0));
            causes.subList(1, causes.size()).forEach(e::addSuppressed);
            throw e;
        }
    }

    @Override
    public int createCache(String name, int objectSize, int align, ObjectCtor ctor, int capacity) {
        return call(() -> slabs.createCache(name, objectSize, align, ctor, capacity));
    }

    @Override
    public long cacheAlloc(int cache) {
        return make(() -> slabs.cacheAlloc(cache));
    }

    @Override
    public void cacheFree(int cache, long object) {
        run(() -> slabs.cacheFree(cache, object));
    }

    @Override
    public Bytes readObject(int domain, long object) {
        return call(() -> slabs.readObject(domain, object));
    }

    @Override
    public void writeObject(int domain, long object, int offset, byte[] bytes) {
        run(() -> slabs.writeObject(domain, object, offset, bytes));
    }

    @Override
    public long allocSkb(int size, boolean fclone) {
        return make(() -> constructors.allocSkb(size, fclone));
    }

    @Override
    public long devAllocSkb(int len) {
        return make(() -> constructors.devAllocSkb(len, false));
    }

    @Override
    public long devAllocSkbIpAlign(int len) {
        return make(() -> constructors.devAllocSkb(len, true));
    }

    @Override
    public long napiAllocSkb(int cpu, int len) {
        return make(() -> napi.alloc(cpu, len));
    }

    @Override
    public void napiConsumeSkb(long skb, int cpu, int budget) {
        run(() -> napi.consume(skb, cpu, budget));
    }

    @Override
    public void napiCacheDrain(int cpu) {
        run(() -> napi.drain(cpu));
    }

    @Override
    public long allocSkbFromCache(int cache, int size) {
        return make(() -> constructors.allocSkbFromCache(cache, size));
    }

    @Override
    public long buildSkb(long page, int offset, int fragSize) {
        return make(() -> constructors.buildSkb(page, offset, fragSize));
    }

    @Override
    public long dataObject(long skb) {
        return make(() -> slabs.dataObject(skb));
    }

    @Override
    public void reserve(long skb, int len) {
        run(() -> geometry.reserve(skb, len));
    }

    @Override
    public void put(long skb, byte[] bytes) {
        run(() -> geometry.put(skb, bytes));
    }

    @Override
    public void push(long skb, byte[] bytes) {
        run(() -> geometry.push(skb, bytes));
    }

    @Override
    public void pull(long skb, int len) {
        run(() -> geometry.pull(skb, len));
    }

    @Override
    public void trim(long skb, int len) {
        run(() -> geometry.trim(skb, len));
    }

    @Override
    public Bytes linearBytes(long skb) {
        return call(() -> geometry.linearBytes(skb));
    }

    @Override
    public Bytes bytes(long skb) {
        return call(() -> frags.bytes(skb));
    }

    @Override
    public Snapshot.Skb view(long skb) {
        return call(() -> Snapshots.view(state.skb(skb, "view")));
    }

    @Override
    public void get(long skb) {
        run(() -> release.get(skb, 1));
    }

    @Override
    public void getMany(long skb, int n) {
        run(() -> release.get(skb, n));
    }

    @Override
    public boolean free(long skb) {
        return call(() -> release.free(skb, "kfree_skb"));
    }

    @Override
    public boolean consume(long skb) {
        return call(() -> release.free(skb, "consume_skb"));
    }

    @Override
    public long shareCheck(long skb) {
        return make(() -> clones.shareCheck(skb));
    }

    @Override
    public long unshare(long skb) {
        return make(() -> clones.unshare(skb));
    }

    @Override
    public long clone(long skb) {
        return make(() -> clones.clone(skb));
    }

    @Override
    public void headerRelease(long skb) {
        run(() -> clones.headerRelease(skb));
    }

    @Override
    public boolean cloned(long skb) {
        return call(() -> clones.cloned(skb));
    }

    @Override
    public boolean headerCloned(long skb) {
        return call(() -> clones.headerCloned(skb));
    }

    @Override
    public long allocPage() {
        return make(frags::allocPage);
    }

    @Override
    public void getPage(long page) {
        run(() -> frags.getPage(page));
    }

    @Override
    public void putPage(long page) {
        run(() -> frags.putPage(page));
    }

    @Override
    public void writePage(long page, int offset, byte[] bytes) {
        run(() -> frags.writePage(page, offset, bytes));
    }

    @Override
    public void addFrag(long skb, long page, int offset, int size) {
        run(() -> frags.addFrag(skb, page, offset, size));
    }

    @Override
    public void addFragList(long skb, long member) {
        run(() -> frags.addFragList(skb, member));
    }

    @Override
    public boolean coalesce(long to, long from) {
        return call(() -> coalesce.coalesce(to, from));
    }

    @Override
    public long[] segment(long skb, int hdrLen, int mss) {
        return call(() -> segment.segment(skb, hdrLen, mss));
    }

    @Override
    public long pskbCopy(long skb) {
        return make(() -> frags.pskbCopy(skb));
    }

    @Override
    public long copy(long skb) {
        return make(() -> frags.copy(skb));
    }

    @Override
    public void expandHead(long skb, int nhead, int ntail) {
        run(() -> frags.expandHead(skb, nhead, ntail));
    }

    @Override
    public void cow(long skb, int headroom) {
        run(() -> frags.cow(skb, headroom, false));
    }

    @Override
    public void cowHead(long skb, int headroom) {
        run(() -> frags.cow(skb, headroom, true));
    }

    @Override
    public long createDriverBuffer(int size, FreeFunction freeFunction) {
        return make(() -> zeroCopy.createDriverBuffer(size, freeFunction));
    }

    @Override
    public void writeDriverBuffer(long buffer, int offset, byte[] bytes) {
        run(() -> zeroCopy.writeDriverBuffer(buffer, offset, bytes));
    }

    @Override
    public long makeZeroCopySkb(long buffer, int offset, int len) {
        return make(() -> zeroCopy.makeZeroCopySkb(buffer, offset, len));
    }

    @Override
    public void releaseDriverBuffer(long buffer) {
        run(() -> zeroCopy.releaseDriverBuffer(buffer));
    }

    @Override
    public long createZerocopySocket() {
        return make(zeroCopy::createSocket);
    }

    @Override
    public long ubufAlloc(long socket, boolean dontOrphan) {
        return make(() -> zeroCopy.ubufAlloc(socket, dontOrphan));
    }

    @Override
    public void ubufExtend(long ubuf) {
        run(() -> zeroCopy.ubufExtend(ubuf));
    }

    @Override
    public void ubufPut(long ubuf) {
        run(() -> zeroCopy.ubufPut(ubuf));
    }

    @Override
    public void zerocopyAttach(long skb, long ubuf, long page, int offset, int size) {
        run(() -> zeroCopy.attach(skb, ubuf, page, offset, size));
    }

    @Override
    public void orphanFrags(long skb) {
        run(() -> zeroCopy.orphanFrags(skb));
    }

    @Override
    public List<Snapshot.Notification> readErrorQueue(long socket) {
        return call(() -> zeroCopy.readErrorQueue(socket));
    }

    @Override
    public long pageFlip(long skb, int domain) {
        return make(() -> slabs.pageFlip(skb, domain));
    }

    @Override
    public void releaseFlipped(int domain, long object) {
        run(() -> slabs.releaseFlipped(domain, object));
    }

    @Override
    public void setDestructor(long skb, int tag) {
        run(() -> release.setDestructor(skb, tag));
    }

    @Override
    public void orphan(long skb) {
        run(() -> release.orphan(skb));
    }

    @Override
    public void linearize(long skb) {
        run(() -> pullTail.linearize(skb));
    }

    @Override
    public boolean pskbMayPull(long skb, int len) {
        return call(() -> pullTail.mayPull(skb, len));
    }

    @Override
    public void pskbPull(long skb, int len) {
        run(() -> pullTail.pskbPull(skb, len));
    }

    @Override
    public void pskbTrim(long skb, int len) {
        run(() -> trim.pskbTrim(skb, len));
    }

    @Override
    public long createPagePool(int capacity) {
        return call(() -> pagePool.create(capacity));
    }

    @Override
    public long poolAllocPage(long pool) {
        return call(() -> pagePool.alloc(pool));
    }

    @Override
    public void poolPutPage(long page) {
        run(() -> pagePool.put(page));
    }

    @Override
    public void markForRecycle(long skb) {
        run(() -> pagePool.markForRecycle(skb));
    }

    @Override
    public void destroyPagePool(long pool) {
        run(() -> pagePool.destroy(pool));
    }

    @Override
    public void extAdd(long skb, int id, int value) {
        run(() -> extensions.add(skb, id, value));
    }

    @Override
    public void extDel(long skb, int id) {
        run(() -> extensions.del(skb, id));
    }

    @Override
    public int extFind(long skb, int id) {
        return call(() -> extensions.find(skb, id));
    }

    @Override
    public void setOwnerW(long skb, long socket) {
        run(() -> release.setOwner(skb, socket, true));
    }

    @Override
    public void setOwnerR(long skb, long socket) {
        run(() -> release.setOwner(skb, socket, false));
    }

    @Override
    public boolean fcloneBusy(long socket, long skb) {
        return call(() -> release.fcloneBusy(socket, skb));
    }

    @Override
    public KernelProfile profile() {
        return state.config.profile();
    }

    @Override
    public Snapshot snapshot() {
        return Snapshots.take(state);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
