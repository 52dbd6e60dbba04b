package skbstress.model;

import skbstress.api.Bytes;
import skbstress.api.ErrorCode;
import skbstress.api.Kernel;
import skbstress.api.ObjectCtor;
import skbstress.api.SkbOps;

import static skbstress.model.ModelState.require;

/**
 * Caller-facing cache operations, and the domain-checked access to cache objects that page flipping
 * relies on: a domain reads and writes only the objects it owns (I-FLIP-1).
 */
final class Slabs {
    private final ModelState state;
    private final Lifetime lifetime;

    Slabs(ModelState state, Lifetime lifetime) {
        this.state = state;
        this.lifetime = lifetime;
    }

    int createCache(String name, int objectSize, int align, ObjectCtor ctor, int capacity) {
        require(name != null && !name.isEmpty(), ErrorCode.INVALID_ARGUMENT, "I-SLAB-6",
                "kmem_cache_create: a cache needs a name");
        require(objectSize > 0 && objectSize <= Kernel.MAX_OBJECT_SIZE, ErrorCode.INVALID_ARGUMENT, "I-SLAB-6",
                String.format("kmem_cache_create '%s': object size %d outside [1, %d]", name, objectSize,
                        Kernel.MAX_OBJECT_SIZE));
        require(align == 0 || (align > 0 && Integer.bitCount(align) == 1 && align <= Kernel.PAGE_SIZE),
                ErrorCode.INVALID_ARGUMENT, "I-SLAB-6", String.format(
                        "kmem_cache_create '%s': align %d is not 0 or a power of two <= %d", name, align,
                        Kernel.PAGE_SIZE));
        require(capacity >= 0, ErrorCode.INVALID_ARGUMENT, "I-SLAB-7",
                String.format("kmem_cache_create '%s': capacity %d < 0", name, capacity));
        int id = state.caches.size();
        state.caches.add(new ModelCache(id, name, objectSize, align, ctor, capacity));
        return id;
    }

    long cacheAlloc(int cacheId) {
        ModelCache cache = state.cache(cacheId);
        require(cacheId != SkbOps.HEAD_CACHE && cacheId != SkbOps.FCLONE_CACHE, ErrorCode.INVALID_ARGUMENT,
                "I-SLAB-6", "kmem_cache_alloc: " + cache.name + " holds sk_buff structs; allocate an skb instead");
        require(cache.canAlloc(), ErrorCode.EXHAUSTED, "I-SLAB-7", String.format(
                "kmem_cache_alloc: %s has all %d objects allocated", cache.name, cache.capacity));
        return lifetime.allocObject(cache, ModelCache.Owner.USER).handle;
    }

    void cacheFree(int cacheId, long h) {
        ModelCache cache = state.cache(cacheId);
        ModelCache.Allocation a = state.object(h, "kmem_cache_free");
        require(a.object.cache == cache, ErrorCode.WRONG_CACHE, "I-SLAB-6", String.format(
                "kmem_cache_free: object %x belongs to %s, not %s", h, a.object.cache.name, cache.name));
        require(a.live, ErrorCode.DOUBLE_FREE, "I-SLAB-1", String.format(
                "kmem_cache_free: object %x of %s was already freed", h, cache.name));
        require(a.owner != ModelCache.Owner.FLIPPED, ErrorCode.PAGE_NOT_OWNED, "I-FLIP-1", String.format(
                "kmem_cache_free: object %x was flipped to domain %d; only it may release it", h, a.domain));
        require(a.owner == ModelCache.Owner.USER, ErrorCode.FREE_IN_USE, "I-SLAB-6", String.format(
                "kmem_cache_free: object %x holds an %s; it is released with its skb", h,
                a.owner == ModelCache.Owner.SKB_HEAD ? "skb head" : "skb struct"));
        lifetime.freeObject(a);
    }

    private ModelCache.Allocation owned(int domain, long h, String op) {
        require(domain >= 0 && domain < SkbOps.MAX_DOMAINS, ErrorCode.INVALID_ARGUMENT, "I-FLIP-1",
                op + ": domain " + domain + " outside [0, " + SkbOps.MAX_DOMAINS + ")");
        ModelCache.Allocation a = state.object(h, op);
        require(a.live, ErrorCode.USE_AFTER_FREE, "I-SLAB-9", op + ": object " + Long.toHexString(h) + " was freed");
        require(a.domain == domain, ErrorCode.PAGE_NOT_OWNED, "I-FLIP-1", String.format(
                "%s: object %x belongs to domain %d, not %d", op, h, a.domain, domain));
        return a;
    }

    Bytes readObject(int domain, long h) {
        ModelCache.Allocation a = owned(domain, h, "read object");
        return Bytes.copyOf(a.object.bytes());
    }

    void writeObject(int domain, long h, int offset, byte[] bytes) {
        ModelCache.Allocation a = owned(domain, h, "write object");
        require(offset >= 0 && (long) offset + bytes.length <= a.object.cache.objectSize, ErrorCode.INVALID_ARGUMENT,
                "I-SLAB-6", String.format("write object: [%d, %d) outside the %d-byte object", offset,
                        (long) offset + bytes.length, a.object.cache.objectSize));
        System.arraycopy(bytes, 0, a.object.bytes(), offset, bytes.length);
    }

    long dataObject(long h) {
        ModelSkb skb = state.skb(h, "data object");
        require(skb.shinfo.headKind == skbstress.api.HeadKind.CACHE, ErrorCode.INVALID_ARGUMENT, "I-FLIP-3",
                String.format("data object: skb %x has a %s head, not a cache object", h, skb.shinfo.headKind));
        return skb.shinfo.headObject.handle;
    }

    /**
     * A page flip: the skb's one-page head moves to {@code domain}; bytes outside the packet are zeroed
     * first (I-FLIP-2), the struct and its data reference are released, the page itself is not (I-FLIP-3).
     */
    long pageFlip(long h, int domain) {
        ModelSkb skb = state.skbToFree(h, "page flip");
        require(domain > SkbOps.LOCAL_DOMAIN && domain < SkbOps.MAX_DOMAINS, ErrorCode.INVALID_ARGUMENT, "I-FLIP-3",
                "page flip: domain " + domain + " must be a remote domain in [1, " + SkbOps.MAX_DOMAINS + ")");
        ModelShinfo sh = skb.shinfo;
        String why = null;
        if (skb.users.value() != 1 || skb.listRefs != 0) {
            why = "users " + skb.users.value() + (skb.listRefs != 0 ? " (frag_list member)" : "");
        } else if (skbstress.api.DatarefWord.cloned(skb.cloned, sh.dataref)) {
            why = "its data is cloned";
        } else if (sh.headKind != skbstress.api.HeadKind.CACHE || sh.headObject.object.cache.objectSize
                != Kernel.PAGE_SIZE) {
            why = "its head is not one page of a cache";
        } else if (skb.dataLen != 0 || sh.zerocopy) {
            why = "it has paged or zero-copy data";
        }
        require(why == null, ErrorCode.FLIP_NOT_ELIGIBLE, "I-FLIP-3", "page flip: skb " + Long.toHexString(h)
                + " cannot be flipped: " + why);
        ModelCache.Allocation page = sh.headObject;
        byte[] b = page.object.bytes();
        java.util.Arrays.fill(b, 0, skb.data, (byte) 0);
        java.util.Arrays.fill(b, skb.tail, b.length, (byte) 0);
        page.owner = ModelCache.Owner.FLIPPED;
        page.domain = domain;
        page.packetOffset = skb.data;
        page.packetLength = skb.tail - skb.data;
        lifetime.releaseHeadState(skb);
        lifetime.releaseData(skb, false);
        lifetime.kfreeSkbmem(skb);
        return page.handle;
    }

    void releaseFlipped(int domain, long h) {
        ModelCache.Allocation a = state.object(h, "release flipped page");
        require(a.live, ErrorCode.DOUBLE_FREE, "I-FLIP-3", "release flipped page: object " + Long.toHexString(h)
                + " was already returned to its cache");
        require(a.domain == domain, ErrorCode.PAGE_NOT_OWNED, "I-FLIP-1", String.format(
                "release flipped page: object %x belongs to domain %d, not %d", h, a.domain, domain));
        require(a.owner == ModelCache.Owner.FLIPPED, ErrorCode.INVALID_ARGUMENT, "I-FLIP-3", String.format(
                "release flipped page: object %x was not flipped; free it with kmem_cache_free", h));
        lifetime.freeObject(a);
    }
}
