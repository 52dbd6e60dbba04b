package skbstress.impl;

import java.util.Arrays;
import skbstress.api.Bytes;
import skbstress.api.DatarefWord;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.LeakReport;
import skbstress.api.ObjectCtor;
import skbstress.api.Refusals;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.impl.slab.Generations;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.OwnerWord;
import skbstress.impl.slab.SlabCache;

/**
 * Caller caches and their objects, and page flips.
 *
 * <p>Each visible object has an owner word ({@link OwnerWord}): the domain that may touch it, its
 * role, and a FLIPPING bit. An access through a handle pins the object (its life word), then checks the
 * owner word; a free claims the object and its release waits for the pins. A flip sets FLIPPING
 * (refusing new accesses), waits for the accesses under way to unpin (they are short), scrubs, and
 * publishes the new owner with a release store. So an access by the source is either wholly before the
 * flip, and the destination sees it, or refused.
 */
final class ImplSlabs {
    private final ImplState st;
    private final ImplHandles handles;
    private final ImplRelease release;

    ImplSlabs(ImplState st, ImplHandles handles, ImplRelease release) {
        this.st = st;
        this.handles = handles;
        this.release = release;
    }

    int createCache(String name, int objectSize, int align, ObjectCtor ctor, int capacity) {
        if (name == null || name.isEmpty()) {
            throw Refusals.cacheName();
        }
        if (objectSize <= 0 || objectSize > Kernel.MAX_OBJECT_SIZE) {
            throw Refusals.objectSize(name, objectSize);
        }
        if (!(align == 0 || (align > 0 && Integer.bitCount(align) == 1 && align <= Kernel.PAGE_SIZE))) {
            throw Refusals.align(name, align);
        }
        int alignedSize = Kernel.align(objectSize, Math.max(8, align));
        if (capacity < 0 || !Kernel.boundedCacheFits(capacity, alignedSize)) {
            throw Refusals.capacity(name, capacity, alignedSize);
        }
        SlabCache c = st.visible.create(name, objectSize, align, ctor, capacity, true, (cache, i) -> new ObjectMeta());
        if (c == null) {
            throw Refusals.tooManyCaches(name, Kernel.MAX_CACHES);
        }
        c.onRelease(i -> {
            if (st.tracking) {
                st.ended(c, i);
            }
            ObjectMeta meta = (ObjectMeta) c.payload(i);
            meta.packetOffset = 0;
            meta.packetLength = 0;
            c.setOwnerRelease(i, OwnerWord.FREE); // release: the next owner reaches it through the free list
        });
        return c.id;
    }

    static long objectHandle(SlabCache c, int index) {
        return HandleWord.make(c.generation(index), HandleWord.OBJECT, c.id, index);
    }

    long cacheAlloc(int cacheId) {
        SlabCache c = st.cache(cacheId);
        if (cacheId == SkbOps.HEAD_CACHE || cacheId == SkbOps.FCLONE_CACHE) {
            throw Refusals.structCache("kmem_cache_alloc", c.name);
        }
        int i = c.alloc(st.local(c));
        if (i < 0) {
            throw Refusals.exhausted(c.name, c.capacity, "");
        }
        long h = objectHandle(c, i);
        if (st.tracking && c.payload(i) instanceof ObjectMeta m) { // a kmalloc object's payload is a shared info
            m.track = st.tracker.start(LeakReport.Kind.CACHE_OBJECT, h);
        }
        // release: the role reaches others with the handle returned below; a reader pins that life first
        c.setOwnerRelease(i, OwnerWord.make(OwnerWord.ROLE_USER, SkbOps.LOCAL_DOMAIN));
        return h;
    }

    /** The cache a handle was issued by, or NOT_ALLOCATED. */
    private SlabCache issuer(long h, String op) {
        SlabCache c = HandleWord.kind(h) == HandleWord.OBJECT ? st.visible.cache(HandleWord.cache(h)) : null;
        int i = HandleWord.index(h);
        int g = HandleWord.generation(h);
        if (c == null || !c.exists(i) || !Generations.issued(c.genBase(), g, c.generation(i))) {
            throw Refusals.notIssued(op, h, "a cache object");
        }
        return c;
    }

    void cacheFree(int cacheId, long h) {
        SlabCache cache = st.cache(cacheId);
        SlabCache c = issuer(h, "kmem_cache_free");
        int i = HandleWord.index(h);
        if (c != cache) {
            throw Refusals.wrongCache(h, c.name, cache.name);
        }
        if (!c.pin(i, HandleWord.generation(h))) {
            throw st.tracker.explain(Refusals.objectDoubleFree(h, cache.name), h);
        }
        int w = c.getOwnerAcquire(i); // acquire: after our pin; role bits only, the claim's CAS decides
        int role = OwnerWord.role(w);
        SkbException refusal = role == OwnerWord.ROLE_FLIPPED ? Refusals.flippedAway(h, OwnerWord.domain(w))
                : role != OwnerWord.ROLE_USER ? Refusals.heldBySkb(h) : null;
        if (refusal != null) {
            st.unpin(c, i);
            throw refusal;
        }
        // the claim decides between racing frees; its release waits for accesses under way
        switch (c.claim(i, HandleWord.generation(h), true)) {
            case SlabCache.RELEASE_NOW -> c.release(st.local(c), i);
            case SlabCache.RELEASE_DEFERRED -> { }
            default -> {
                st.unpin(c, i);
                throw st.tracker.explain(Refusals.objectDoubleFree(h, cache.name), h);
            }
        }
    }

    /** Pins a live object for {@code domain}'s access, or refuses it. The caller unpins it. */
    private int access(int domain, long h, String op) {
        if (domain < 0 || domain >= SkbOps.MAX_DOMAINS) {
            throw Refusals.domainRange(op, domain);
        }
        SlabCache c = issuer(h, op);
        int i = HandleWord.index(h);
        if (!c.pin(i, HandleWord.generation(h))) {
            throw st.tracker.explain(Refusals.objectFreed(op, h), h);
        }
        int w = c.getOwnerVolatile(i); // acquire: volatile; we see FLIPPING or the flip's pins read sees us
        if (OwnerWord.flipping(w) || OwnerWord.domain(w) != domain) {
            st.unpin(c, i);
            throw Refusals.notOwner(op, h, OwnerWord.flipping(w) ? -1 : OwnerWord.domain(w), domain);
        }
        return i;
    }

    Bytes readObject(int domain, long h) {
        int i = access(domain, h, "read object");
        SlabCache c = st.visible.cache(HandleWord.cache(h));
        try {
            int off = c.byteOffset(i);
            return Bytes.copyOf(c.bytesOf(i), off, off + c.objectSize);
        } finally {
            st.unpin(c, i);
        }
    }

    void writeObject(int domain, long h, int offset, byte[] bytes) {
        int i = access(domain, h, "write object");
        SlabCache c = st.visible.cache(HandleWord.cache(h));
        try {
            if (bytes == null) {
                throw Refusals.nullBytes("write object");
            }
            long end = (long) offset + bytes.length;
            if (offset < 0 || end > c.objectSize) {
                throw Refusals.objectRange(offset, end, c.objectSize);
            }
            System.arraycopy(bytes, 0, c.bytesOf(i), c.byteOffset(i) + offset, bytes.length);
        } finally {
            st.unpin(c, i);
        }
    }

    long dataObject(long h) {
        SkbDesc d = handles.pinReader(h, "data object");
        try {
            Shinfo sh = d.shinfo;
            if (sh.headKind != HeadKind.CACHE) {
                throw Refusals.notCacheHead(h, sh.headKind);
            }
            return objectHandle(sh.headCache, sh.headIndex);
        } finally {
            handles.unpinReader(d);
        }
    }

    /**
     * A page flip: the skb's one-page head goes to {@code domain}. Under the writer pin: the checks, the
     * claim of the struct (users 1 to dead in one CAS), the revocation of the source's access, the scrub,
     * the new owner; then the skb's release without its head, done here since nobody else is inside.
     */
    long pageFlip(long h, int domain) {
        SkbDesc d = handles.pinWriter(h, "page flip", true);
        boolean pinned = true;
        try {
            if (domain <= SkbOps.LOCAL_DOMAIN || domain >= SkbOps.MAX_DOMAINS) {
                throw Refusals.flipDomain(domain);
            }
            Shinfo sh = d.shinfo;
            String why = null;
            int users = ImplHandles.users(d);
            int lists = d.getListRefsAcquire(); // acquire: our writer pin keeps a first list out (an add pins it)
            if (users != 1 || lists != 0) {
                why = "users " + users + (lists != 0 ? " (frag_list member)" : "");
            } else if (DatarefWord.cloned(d.cloned, sh.getDatarefAcquire())) { // acquire: pairs with clones' frees
                why = "its data is cloned";
            } else if (sh.headKind != HeadKind.CACHE || sh.headCache.objectSize != Kernel.PAGE_SIZE) {
                why = "its head is not one page of a cache";
            } else if (d.dataLen != 0 || sh.zerocopy) {
                why = "it has paged or zero-copy data";
            }
            if (why == null && !handles.claimPinned(d, h)) {
                why = "users " + ImplHandles.users(d); // another reference was taken meanwhile
            }
            if (why != null) {
                throw Refusals.flipNotEligible(h, why);
            }
            SlabCache c = sh.headCache;
            int i = sh.headIndex;
            revoke(c, i);
            byte[] b = c.bytesOf(i);
            int base = c.byteOffset(i);
            Arrays.fill(b, base, base + d.data, (byte) 0);
            Arrays.fill(b, base + d.tail, base + c.objectSize, (byte) 0);
            ObjectMeta meta = (ObjectMeta) c.payload(i);
            meta.packetOffset = d.data;
            meta.packetLength = d.tail - d.data;
            // release: publishes the scrubbed page to its new owner
            c.setOwnerRelease(i, OwnerWord.make(OwnerWord.ROLE_FLIPPED, domain));
            if (st.tracking) { // the skb ends here; the page lives on as an object of the domain
                st.tracker.event(d.track, TrackEvent.PAGE_FLIP, LeakReport.Kind.SKB, h);
                meta.track = st.tracker.start(LeakReport.Kind.CACHE_OBJECT, objectHandle(c, i));
            }
            release.releaseHeadState(d);
            release.releaseData(d, false);
            pinned = false;
            handles.unpinWriter(d); // before the struct can be reused by anyone
            release.kfreeSkbmem(d);
            return objectHandle(c, i);
        } finally {
            if (pinned) {
                handles.unpinWriter(d);
            }
        }
    }

    /** Stops the source's new accesses (FLIPPING) and waits for the ones under way to unpin (they are short). */
    private static void revoke(SlabCache c, int i) {
        while (true) {
            int w = c.getOwnerAcquire(i); // acquire: only seeds the CAS below, which re-checks the word
            // acquire and release: volatile, so FLIPPING lands before the pins read below (the Dekker with access())
            if (c.compareAndSetOwner(i, w, OwnerWord.withFlipping(w))) {
                break;
            }
        }
        while (c.pinsVolatile(i) != 0) { // acquire: volatile, see access(); unpins' accesses precede the scrub
            Thread.onSpinWait();
        }
    }

    void releaseFlipped(int domain, long h) {
        SlabCache c = issuer(h, "release flipped page");
        int i = HandleWord.index(h);
        if (!c.pin(i, HandleWord.generation(h))) {
            throw Refusals.flippedReturned(h);
        }
        int w = c.getOwnerAcquire(i); // acquire: pairs with the flip's release store; decides on bits only
        SkbException refusal = OwnerWord.domain(w) != domain
                ? Refusals.notOwner("release flipped page", h, OwnerWord.domain(w), domain)
                : OwnerWord.role(w) != OwnerWord.ROLE_FLIPPED ? Refusals.notFlipped(h) : null;
        if (refusal != null) {
            st.unpin(c, i);
            throw refusal;
        }
        switch (c.claim(i, HandleWord.generation(h), true)) {
            case SlabCache.RELEASE_NOW -> c.release(st.local(c), i);
            case SlabCache.RELEASE_DEFERRED -> { }
            default -> {
                st.unpin(c, i);
                throw Refusals.flippedReturned(h);
            }
        }
    }
}
