package skbstress.impl;

import java.util.Arrays;
import skbstress.api.Bytes;
import skbstress.api.DatarefWord;
import skbstress.api.ErrorCode;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.ObjectCtor;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.SlabCache;
import skbstress.impl.slab.ThreadCaches;

/**
 * Caller caches and their objects, heads from a caller's cache, and page flips.
 *
 * <p>Each visible object has an owner word (see {@link SlabCache}): the domain that may touch it, its
 * role, a FLIPPING bit and a count of pins. A domain's read or write pins the object for its duration
 * (CAS, refused unless the domain owns it); a flip sets FLIPPING (refusing new pins), waits for the pins
 * to drain, scrubs, and publishes the new owner with a release store. So an access by the source is
 * either wholly before the flip, and the destination sees it, or refused.
 */
final class ImplSlabs {
    static final int ROLE_SKB = 0;
    static final int ROLE_USER = 1 << SlabCache.ROLE_SHIFT;
    static final int ROLE_FLIPPED = 2 << SlabCache.ROLE_SHIFT;

    private final ImplState st;
    private final ImplLifetime lifetime;

    ImplSlabs(ImplState st, ImplLifetime lifetime) {
        this.st = st;
        this.lifetime = lifetime;
    }

    int createCache(String name, int objectSize, int align, ObjectCtor ctor, int capacity) {
        if (name == null || name.isEmpty()) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6", "kmem_cache_create: a cache needs a name");
        }
        if (objectSize <= 0 || objectSize > Kernel.MAX_OBJECT_SIZE) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6", String.format(
                    "kmem_cache_create '%s': object size %d outside [1, %d]", name, objectSize, Kernel.MAX_OBJECT_SIZE));
        }
        if (!(align == 0 || (align > 0 && Integer.bitCount(align) == 1 && align <= Kernel.PAGE_SIZE))) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6", String.format(
                    "kmem_cache_create '%s': align %d is not 0 or a power of two <= %d", name, align, Kernel.PAGE_SIZE));
        }
        if (capacity < 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-SLAB-7",
                    String.format("kmem_cache_create '%s': capacity %d < 0", name, capacity));
        }
        SlabCache c = st.visible.create(name, objectSize, align, ctor, capacity, true, (cache, i) -> new ObjectMeta());
        if (c == null) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6",
                    "kmem_cache_create '" + name + "': no room for another cache");
        }
        return c.id;
    }

    static long objectHandle(SlabCache c, int index) {
        return HandleWord.make(c.generation(index), HandleWord.OBJECT, c.id, index);
    }

    long cacheAlloc(int cacheId) {
        SlabCache c = st.cache(cacheId);
        if (cacheId == SkbOps.HEAD_CACHE || cacheId == SkbOps.FCLONE_CACHE) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6",
                    "kmem_cache_alloc: " + c.name + " holds sk_buff structs; allocate an skb instead");
        }
        int i = c.alloc(st.visible.local().magazine(c.id));
        if (i < 0) {
            throw new SkbException(ErrorCode.EXHAUSTED, "I-SLAB-7", String.format(
                    "kmem_cache_alloc: %s has all %d objects allocated", c.name, c.capacity));
        }
        c.setOwnerRelease(i, ROLE_USER);
        return objectHandle(c, i);
    }

    /** The cache a handle was issued by, or NOT_ALLOCATED. */
    private SlabCache issuer(long h, String op) {
        SlabCache c = HandleWord.kind(h) == HandleWord.OBJECT ? st.visible.cache(HandleWord.cache(h)) : null;
        int i = HandleWord.index(h);
        int g = HandleWord.generation(h);
        if (c == null || !c.exists(i) || !HandleWord.allocated(g)
                || Integer.compareUnsigned(g, c.generation(i)) > 0) {
            throw new SkbException(ErrorCode.NOT_ALLOCATED, op + ": " + Long.toHexString(h)
                    + " is not a cache object this implementation handed out");
        }
        return c;
    }

    void cacheFree(int cacheId, long h) {
        SlabCache cache = st.cache(cacheId);
        SlabCache c = issuer(h, "kmem_cache_free");
        int i = HandleWord.index(h);
        if (c != cache) {
            throw new SkbException(ErrorCode.WRONG_CACHE, "I-SLAB-6", String.format(
                    "kmem_cache_free: object %x belongs to %s, not %s", h, c.name, cache.name));
        }
        if (c.generation(i) != HandleWord.generation(h)) {
            throw new SkbException(ErrorCode.DOUBLE_FREE, "I-SLAB-1", String.format(
                    "kmem_cache_free: object %x of %s was already freed", h, cache.name));
        }
        int w = c.getOwnerAcquire(i);
        int role = w & SlabCache.ROLE_MASK;
        if (role == ROLE_FLIPPED) {
            throw new SkbException(ErrorCode.PAGE_NOT_OWNED, "I-FLIP-1", String.format(
                    "kmem_cache_free: object %x was flipped to domain %d; only it may release it", h,
                    w & SlabCache.DOMAIN_MASK));
        }
        if (role != ROLE_USER) {
            throw new SkbException(ErrorCode.FREE_IN_USE, "I-SLAB-6", String.format(
                    "kmem_cache_free: object %x holds an skb head; it is released with its skb", h));
        }
        // the generation CAS decides between racing frees; only its winner resets the owner word
        if (!c.claimFree(i, HandleWord.generation(h))) {
            throw new SkbException(ErrorCode.DOUBLE_FREE, "I-SLAB-1", String.format(
                    "kmem_cache_free: object %x of %s was freed by another thread", h, cache.name));
        }
        c.setOwnerRelease(i, 0); // release: ordered before the push that lets another thread reuse it
        c.pushClaimed(st.visible.local().magazine(c.id), i);
    }

    /** A live object {@code domain} may use: the index, after the liveness and domain checks. */
    private int owned(int domain, long h, String op) {
        if (domain < 0 || domain >= SkbOps.MAX_DOMAINS) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-FLIP-1",
                    op + ": domain " + domain + " outside [0, " + SkbOps.MAX_DOMAINS + ")");
        }
        SlabCache c = issuer(h, op);
        int i = HandleWord.index(h);
        if (c.generation(i) != HandleWord.generation(h)) {
            throw new SkbException(ErrorCode.USE_AFTER_FREE, "I-SLAB-9", op + ": object " + Long.toHexString(h)
                    + " was freed");
        }
        return i;
    }

    /** Pins the object for {@code domain}'s access, or refuses it (PAGE_NOT_OWNED). */
    private static void pin(SlabCache c, int i, int domain, long h, String op) {
        while (true) {
            int w = c.getOwnerAcquire(i); // acquire: pairs with the flip's release of the new owner
            if ((w & SlabCache.FLIPPING) != 0 || (w & SlabCache.DOMAIN_MASK) != domain) {
                throw new SkbException(ErrorCode.PAGE_NOT_OWNED, "I-FLIP-1", String.format(
                        "%s: object %x belongs to domain %d, not %d", op, h,
                        (w & SlabCache.FLIPPING) != 0 ? -1 : w & SlabCache.DOMAIN_MASK, domain));
            }
            if (c.compareAndSetOwner(i, w, w + SlabCache.PIN)) {
                return;
            }
        }
    }

    private static void unpin(SlabCache c, int i) {
        c.getAndAddOwner(i, -SlabCache.PIN); // release: our access happens before a flip that waits for it
    }

    Bytes readObject(int domain, long h) {
        int i = owned(domain, h, "read object");
        SlabCache c = st.visible.cache(HandleWord.cache(h));
        pin(c, i, domain, h, "read object");
        try {
            int off = c.byteOffset(i);
            return Bytes.copyOf(c.bytesOf(i), off, off + c.objectSize);
        } finally {
            unpin(c, i);
        }
    }

    void writeObject(int domain, long h, int offset, byte[] bytes) {
        int i = owned(domain, h, "write object");
        SlabCache c = st.visible.cache(HandleWord.cache(h));
        if (offset < 0 || (long) offset + bytes.length > c.objectSize) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6", String.format(
                    "write object: [%d, %d) outside the %d-byte object", offset, (long) offset + bytes.length,
                    c.objectSize));
        }
        pin(c, i, domain, h, "write object");
        try {
            System.arraycopy(bytes, 0, c.bytesOf(i), c.byteOffset(i) + offset, bytes.length);
        } finally {
            unpin(c, i);
        }
    }

    long dataObject(long h) {
        SkbDesc d = lifetime.skb(h, "data object", false);
        Shinfo sh = d.shinfo;
        if (sh.headKind != HeadKind.CACHE) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-FLIP-3",
                    String.format("data object: skb %x has a %s head, not a cache object", h, sh.headKind));
        }
        return objectHandle(sh.headCache, sh.headIndex);
    }

    long allocSkbFromCache(int cacheId, int size) {
        SlabCache cache = st.cache(cacheId);
        if (cacheId == SkbOps.HEAD_CACHE || cacheId == SkbOps.FCLONE_CACHE) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6",
                    "alloc_skb_from_cache: " + cache.name + " holds sk_buff structs, not heads");
        }
        if (size < 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-GEOM-4", "alloc_skb_from_cache: size " + size + " < 0");
        }
        int dataSize = Kernel.skbDataAlign(size);
        int need = dataSize + Kernel.skbDataAlign(Kernel.SHINFO_SIZE);
        if (cache.objectSize < need) {
            throw new SkbException(ErrorCode.CACHE_TOO_SMALL, "I-GEOM-4", String.format(
                    "alloc_skb_from_cache: %s holds %d-byte objects; %d bytes of data need %d (data %d + shared info %d)",
                    cache.name, cache.objectSize, size, need, dataSize, Kernel.skbDataAlign(Kernel.SHINFO_SIZE)));
        }
        ThreadCaches tc = st.visible.local();
        lifetime.requireRoom(tc, false, 0);
        if (!cache.canAlloc(tc.magazine(cache.id))) {
            throw new SkbException(ErrorCode.EXHAUSTED, "I-SLAB-7", cache.name + " is exhausted");
        }
        Shinfo[] out = new Shinfo[1];
        SkbDesc d = lifetime.newSkbWithShinfo(tc, out);
        int i = cache.alloc(tc.magazine(cache.id));
        if (i < 0) {
            throw new SkbException(ErrorCode.EXHAUSTED, "I-SLAB-7", cache.name + " is exhausted");
        }
        cache.setOwnerRelease(i, ROLE_SKB);
        Shinfo sh = out[0];
        sh.headKind = HeadKind.CACHE;
        sh.buf = cache.bytesOf(i);
        sh.base = cache.byteOffset(i);
        sh.bufferSize = cache.objectSize;
        sh.headCache = cache;
        sh.headIndex = i;
        ImplLifetime.initData(d, sh, 0, dataSize);
        return ImplLifetime.handleOf(d);
    }

    long pageFlip(long h, int domain) {
        SkbDesc d = lifetime.skb(h, "page flip", true);
        if (domain <= SkbOps.LOCAL_DOMAIN || domain >= SkbOps.MAX_DOMAINS) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-FLIP-3",
                    "page flip: domain " + domain + " must be a remote domain in [1, " + SkbOps.MAX_DOMAINS + ")");
        }
        Shinfo sh = d.shinfo;
        String why = null;
        int users = d.getUsersAcquire();
        int lists = d.getListRefsAcquire();
        if (users != 1 || lists != 0) {
            why = "users " + users + (lists != 0 ? " (frag_list member)" : "");
        } else if (DatarefWord.cloned(d.cloned, sh.getDatarefAcquire())) {
            why = "its data is cloned";
        } else if (sh.headKind != HeadKind.CACHE || sh.headCache.objectSize != Kernel.PAGE_SIZE) {
            why = "its head is not one page of a cache";
        } else if (d.dataLen != 0 || sh.zerocopy) {
            why = "it has paged or zero-copy data";
        }
        if (why != null) {
            throw new SkbException(ErrorCode.FLIP_NOT_ELIGIBLE, "I-FLIP-3", "page flip: skb " + Long.toHexString(h)
                    + " cannot be flipped: " + why);
        }
        SlabCache c = sh.headCache;
        int i = sh.headIndex;
        if (!st.faultFlipWithoutRevoke) {
            revoke(c, i);
        }
        byte[] b = c.bytesOf(i);
        int base = c.byteOffset(i);
        Arrays.fill(b, base, base + d.data, (byte) 0);
        Arrays.fill(b, base + d.tail, base + c.objectSize, (byte) 0);
        ObjectMeta meta = (ObjectMeta) c.payload(i);
        meta.packetOffset = d.data;
        meta.packetLength = d.tail - d.data;
        c.setOwnerRelease(i, ROLE_FLIPPED | domain); // release: publishes the scrubbed page to its new owner
        ThreadCaches tc = st.visible.local();
        lifetime.releaseHeadState(d);
        lifetime.releaseData(tc, d, false);
        lifetime.kfreeSkbmem(d);
        return objectHandle(c, i);
    }

    /** Stops the source's new accesses (FLIPPING) and waits for the ones under way (pins) to finish. */
    private static void revoke(SlabCache c, int i) {
        while (true) {
            int w = c.getOwnerAcquire(i);
            if ((w & ~(SlabCache.PIN - 1)) != 0) { // pinned: a source access is under way; it is short
                Thread.onSpinWait();
                continue;
            }
            if (c.compareAndSetOwner(i, w, w | SlabCache.FLIPPING)) {
                return;
            }
        }
    }

    void releaseFlipped(int domain, long h) {
        SlabCache c = issuer(h, "release flipped page");
        int i = HandleWord.index(h);
        if (c.generation(i) != HandleWord.generation(h)) {
            throw new SkbException(ErrorCode.DOUBLE_FREE, "I-FLIP-3", "release flipped page: object "
                    + Long.toHexString(h) + " was already returned to its cache");
        }
        int w = c.getOwnerAcquire(i);
        if ((w & SlabCache.DOMAIN_MASK) != domain) {
            throw new SkbException(ErrorCode.PAGE_NOT_OWNED, "I-FLIP-1", String.format(
                    "release flipped page: object %x belongs to domain %d, not %d", h, w & SlabCache.DOMAIN_MASK,
                    domain));
        }
        if ((w & SlabCache.ROLE_MASK) != ROLE_FLIPPED) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-FLIP-3", String.format(
                    "release flipped page: object %x was not flipped; free it with kmem_cache_free", h));
        }
        if (!c.claimFree(i, HandleWord.generation(h))) {
            throw new SkbException(ErrorCode.DOUBLE_FREE, "I-FLIP-3", "release flipped page: object "
                    + Long.toHexString(h) + " was returned by another thread");
        }
        c.setOwnerRelease(i, 0); // release: ordered before the push that lets another thread reuse it
        c.pushClaimed(st.visible.local().magazine(c.id), i);
    }
}
