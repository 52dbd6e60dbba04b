package skbstress.model;

import java.util.List;
import skbstress.api.Bytes;
import skbstress.api.FreeFunction;
import skbstress.api.Kernel;
import skbstress.api.ObjectCtor;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * The reference model of skb lifetime: plain, sequential, and checked line by line against the kernel
 * facts in {@code specs/}. Not thread-safe, by design: it is the sequential specification that the
 * concurrent implementation is held to.
 *
 * <p>The rules live in small classes by area: {@link Lifetime} (constructors, users, clones, the free
 * pipeline, fast clones), {@link Geometry}, {@link Frags} (pages, frags, frag_list, copies, expand),
 * {@link ZeroCopy} (driver buffers, ubufs, notifications), {@link Slabs} (caches and page flips).
 */
public final class SkbModel implements SkbOps {
    private final ModelState state;
    private final Lifetime lifetime;
    private final Geometry geometry;
    private final Frags frags;
    private final ZeroCopy zeroCopy;
    private final Slabs slabs;

    public SkbModel() {
        this(SkbConfig.UNBOUNDED);
    }

    public SkbModel(SkbConfig config) {
        state = new ModelState(config);
        lifetime = new Lifetime(state);
        geometry = new Geometry(state);
        frags = new Frags(state);
        zeroCopy = new ZeroCopy(state);
        slabs = new Slabs(state, lifetime);
        lifetime.wire(zeroCopy, frags);
        frags.wire(lifetime, zeroCopy);
        zeroCopy.wire(lifetime, frags);
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
        return lifetime.allocSkbFromCache(cache, size);
    }

    @Override
    public long buildSkb(long page, int offset, int fragSize) {
        return lifetime.buildSkb(page, offset, fragSize);
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
        return Snapshots.view(state.skb(skb, "view"));
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
        return Snapshots.take(state);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
