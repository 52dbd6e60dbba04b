package skbstress.model;

import java.util.ArrayList;
import java.util.List;
import skbstress.api.KernelProfile;
import skbstress.api.Refusals;
import skbstress.api.SkbOps;

/**
 * The per-CPU NAPI skb cache (specs/napi.md): napi_alloc_skb takes its struct from the CPU's cache, refilled
 * NAPI_SKB_CACHE_BULK at a time from the head cache, all or none; napi_consume_skb keeps a released struct
 * there and gives NAPI_SKB_CACHE_HALF back when the cache reaches NAPI_SKB_CACHE_SIZE. A cached struct is a
 * live object of the head cache but no skb (I-NAPI-1); its last skb's handle is dead, and the next skb made on
 * it gets a new one.
 */
final class Napi {
    private final ModelState state;
    private final Constructors constructors;
    private final Release release;

    Napi(ModelState state, Constructors constructors, Release release) {
        this.state = state;
        this.constructors = constructors;
        this.release = release;
    }

    private static void requireCpu(String op, int cpu) {
        if (cpu < 0 || cpu >= SkbOps.NAPI_CPUS) {
            throw Refusals.napiCpu(op, cpu);
        }
    }

    /**
     * napi_alloc_skb: every refusal first (the CPU, the length, the head's page or kmalloc object, then the
     * struct: an empty cache whose bulk refill the head cache cannot give), then the struct, then the head.
     */
    long alloc(int cpu, int len) {
        String op = "napi_alloc_skb";
        requireCpu(op, cpu);
        if (len < 0) {
            throw Refusals.negative(op, "len", len, "I-GEOM-4");
        }
        KernelProfile p = state.profile();
        int reserve = p.netSkbPad() + p.netIpAlign();
        long size = (long) len + reserve;
        Constructors.requireSize(size, op);
        int frag = p.napiFragSize((int) size);
        if (frag != 0) {
            Frags.requirePages(state, 1, op);
        } else {
            ModelCache heads = state.heads((int) size);
            if (!heads.canAlloc()) {
                throw Refusals.exhausted(heads.name, heads.capacity, "");
            }
        }
        List<ModelCache.Allocation> cache = state.napiCaches.get(cpu);
        ModelCache structs = state.headCache();
        if (cache.isEmpty() && structs.available() < SkbOps.NAPI_SKB_CACHE_BULK) {
            throw Refusals.napiBulkExhausted(structs.name, structs.capacity);
        }
        ModelSkb skb = constructors.newStruct(get(cache));
        if (frag != 0) {
            constructors.wrapFragment(Frags.newPage(state), 0, frag, false, skb);
        } else {
            constructors.allocKmallocSkb((int) size, skb);
        }
        skb.data += reserve;
        skb.tail += reserve;
        return skb.handle;
    }

    /** napi_skb_cache_get once checked: an empty cache takes NAPI_SKB_CACHE_BULK structs, then the top one goes. */
    private ModelCache.Allocation get(List<ModelCache.Allocation> cache) {
        if (cache.isEmpty()) {
            for (int i = 0; i < SkbOps.NAPI_SKB_CACHE_BULK; i++) {
                cache.add(state.allocObject(state.headCache(), ModelCache.Owner.NAPI_CACHED));
            }
        }
        return cache.remove(cache.size() - 1);
    }

    /**
     * napi_consume_skb: budget 0 is consume_skb; a reference that is not the last is only dropped; an fclone
     * goes the way of __kfree_skb; otherwise skb_release_all, and the struct stays in the CPU's cache.
     */
    void consume(long h, int cpu, int budget) {
        String op = "napi_consume_skb";
        requireCpu(op, cpu);
        if (h == SkbOps.NULL) {
            return; // skb_unref(NULL), dev_consume_skb_any(NULL): nothing
        }
        if (budget == 0) {
            release.free(h, op);
            return;
        }
        ModelSkb skb = state.skbToFree(h, op);
        release.requireCallerReference(skb, op);
        if (skb.users.value() != 1 || skb.fclone != skbstress.api.FcloneState.UNAVAILABLE) {
            release.unref(skb); // not the last reference: skb_unref only; an fclone: __kfree_skb
            return;
        }
        release.releaseHeadState(skb);
        release.releaseData(skb, true);
        skb.alive = false;
        state.liveSkbs.remove(skb.handle);
        put(state.napiCaches.get(cpu), skb.struct);
    }

    /** napi_skb_cache_put: reaching NAPI_SKB_CACHE_SIZE gives the top NAPI_SKB_CACHE_HALF back at once. */
    private void put(List<ModelCache.Allocation> cache, ModelCache.Allocation struct) {
        struct.owner = ModelCache.Owner.NAPI_CACHED;
        cache.add(struct);
        if (cache.size() == SkbOps.NAPI_SKB_CACHE_SIZE) {
            List<ModelCache.Allocation> top = cache.subList(SkbOps.NAPI_SKB_CACHE_HALF, SkbOps.NAPI_SKB_CACHE_SIZE);
            top.forEach(state::freeObject);
            top.clear();
        }
    }

    /** Ours: the whole cache goes back to the head cache (a CPU going offline). */
    void drain(int cpu) {
        requireCpu("napi cache drain", cpu);
        List<ModelCache.Allocation> cache = state.napiCaches.get(cpu);
        cache.forEach(state::freeObject);
        cache.clear();
    }

    /** Each CPU's cached count, for snapshots. */
    static List<Integer> counts(ModelState state) {
        List<Integer> out = new ArrayList<>(SkbOps.NAPI_CPUS);
        for (List<ModelCache.Allocation> c : state.napiCaches) {
            out.add(c.size());
        }
        return out;
    }
}
