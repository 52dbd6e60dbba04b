package skbstress.model;

import skbstress.api.Bytes;
import skbstress.api.DatarefWord;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.ObjectCtor;
import skbstress.api.Refusals;
import skbstress.api.SkbOps;

/**
 * Caller-facing cache operations, and the domain-checked access to cache objects that page flipping
 * relies on: a domain reads and writes only the objects it owns (I-FLIP-1).
 */
final class Slabs {
    private final ModelState state;
    private final Release release;

    Slabs(ModelState state, Release release) {
        this.state = state;
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
        int id = state.caches.size();
        if (id >= Kernel.MAX_CACHES) {
            throw Refusals.tooManyCaches(name, Kernel.MAX_CACHES);
        }
        // a bounded cache's constructors run here; if one throws, no cache and no id are taken
        state.caches.add(new ModelCache(id, name, objectSize, align, ctor, capacity));
        return id;
    }

    long cacheAlloc(int cacheId) {
        ModelCache cache = state.cache(cacheId);
        if (cacheId == SkbOps.HEAD_CACHE || cacheId == SkbOps.FCLONE_CACHE) {
            throw Refusals.structCache("kmem_cache_alloc", cache.name);
        }
        if (!cache.canAlloc()) {
            throw Refusals.exhausted(cache.name, cache.capacity, "");
        }
        return state.allocObject(cache, ModelCache.Owner.USER).handle;
    }

    void cacheFree(int cacheId, long h) {
        ModelCache cache = state.cache(cacheId);
        ModelCache.Allocation a = state.object(h, "kmem_cache_free");
        if (a.object.cache != cache) {
            throw Refusals.wrongCache(h, a.object.cache.name, cache.name);
        }
        if (!a.live) {
            throw Refusals.objectDoubleFree(h, cache.name);
        }
        if (a.owner == ModelCache.Owner.FLIPPED) {
            throw Refusals.flippedAway(h, a.domain);
        }
        if (a.owner != ModelCache.Owner.USER) {
            throw Refusals.heldBySkb(h);
        }
        state.freeObject(a);
    }

    private ModelCache.Allocation owned(int domain, long h, String op) {
        if (domain < 0 || domain >= SkbOps.MAX_DOMAINS) {
            throw Refusals.domainRange(op, domain);
        }
        ModelCache.Allocation a = state.object(h, op);
        if (!a.live) {
            throw Refusals.objectFreed(op, h);
        }
        if (a.domain != domain) {
            throw Refusals.notOwner(op, h, a.domain, domain);
        }
        return a;
    }

    Bytes readObject(int domain, long h) {
        ModelCache.Allocation a = owned(domain, h, "read object");
        return Bytes.copyOf(a.object.bytes());
    }

    void writeObject(int domain, long h, int offset, byte[] bytes) {
        ModelCache.Allocation a = owned(domain, h, "write object");
        if (bytes == null) {
            throw Refusals.nullBytes("write object");
        }
        long end = (long) offset + bytes.length;
        if (offset < 0 || end > a.object.cache.objectSize) {
            throw Refusals.objectRange(offset, end, a.object.cache.objectSize);
        }
        System.arraycopy(bytes, 0, a.object.bytes(), offset, bytes.length);
    }

    long dataObject(long h) {
        ModelSkb skb = state.skb(h, "data object");
        if (skb.shinfo.headKind != HeadKind.CACHE) {
            throw Refusals.notCacheHead(h, skb.shinfo.headKind);
        }
        return skb.shinfo.headObject.handle;
    }

    /**
     * A page flip: the skb's one-page head moves to {@code domain}; bytes outside the packet are zeroed
     * first (I-FLIP-2), the struct and its data reference are released, the page itself is not (I-FLIP-3).
     */
    long pageFlip(long h, int domain) {
        ModelSkb skb = state.skbToFree(h, "page flip");
        if (domain <= SkbOps.LOCAL_DOMAIN || domain >= SkbOps.MAX_DOMAINS) {
            throw Refusals.flipDomain(domain);
        }
        ModelShinfo sh = skb.shinfo;
        String why = null;
        if (skb.users.value() != 1 || skb.listRefs != 0) {
            why = "users " + skb.users.value() + (skb.listRefs != 0 ? " (frag_list member)" : "");
        } else if (DatarefWord.cloned(skb.cloned, sh.dataref)) {
            why = "its data is cloned";
        } else if (sh.headKind != HeadKind.CACHE || sh.headObject.object.cache.objectSize != Kernel.PAGE_SIZE) {
            why = "its head is not one page of a cache";
        } else if (skb.dataLen != 0 || sh.zerocopy) {
            why = "it has paged or zero-copy data";
        }
        if (why != null) {
            throw Refusals.flipNotEligible(h, why);
        }
        ModelCache.Allocation page = sh.headObject;
        byte[] b = page.object.bytes();
        java.util.Arrays.fill(b, 0, skb.data, (byte) 0);
        java.util.Arrays.fill(b, skb.tail, b.length, (byte) 0);
        page.owner = ModelCache.Owner.FLIPPED;
        page.domain = domain;
        page.packetOffset = skb.data;
        page.packetLength = skb.tail - skb.data;
        release.releaseHeadState(skb);
        release.releaseData(skb, false);
        release.kfreeSkbmem(skb);
        return page.handle;
    }

    void releaseFlipped(int domain, long h) {
        ModelCache.Allocation a = state.object(h, "release flipped page");
        if (!a.live) {
            throw Refusals.flippedReturned(h);
        }
        if (a.domain != domain) {
            throw Refusals.notOwner("release flipped page", h, a.domain, domain);
        }
        if (a.owner != ModelCache.Owner.FLIPPED) {
            throw Refusals.notFlipped(h);
        }
        state.freeObject(a);
    }
}
