package skbstress.impl;

import skbstress.api.Refusals;
import skbstress.api.SkbOps;
import skbstress.impl.slab.Magazine;
import skbstress.impl.slab.SlabBulk;
import skbstress.impl.slab.SlabCache;

/**
 * The per-CPU NAPI skb cache, as in the model (specs/napi.md): napi_alloc_skb takes its struct from the CPU's
 * {@link NapiCache} (an empty one refilled NAPI_SKB_CACHE_BULK at once, all or none), napi_consume_skb's last
 * reference leaves the released struct there (reaching NAPI_SKB_CACHE_SIZE gives NAPI_SKB_CACHE_HALF back at
 * once). A cached struct is dead: its life word carries the even generation its release's claim wrote, so every
 * handle of its last life is refused, and its next life begins as a slab struct's does
 * ({@link ImplConstructors#beginLife}). A thread that finds the CPU's cache taken by another uses the head cache
 * directly: the same skb, only the counts differ; no call waits.
 */
final class ImplNapi {
    private final ImplState st;
    private final ImplConstructors constructors;
    private final ImplPages pages;
    private final ImplHandles handles;
    private final NapiCache[] cpus = new NapiCache[SkbOps.NAPI_CPUS];

    ImplNapi(ImplState st, ImplConstructors constructors, ImplPages pages, ImplHandles handles) {
        this.st = st;
        this.constructors = constructors;
        this.pages = pages;
        this.handles = handles;
        for (int c = 0; c < cpus.length; c++) {
            cpus[c] = new NapiCache();
        }
    }

    private static void requireCpu(String op, int cpu) {
        if (cpu < 0 || cpu >= SkbOps.NAPI_CPUS) {
            throw Refusals.napiCpu(op, cpu);
        }
    }

    /** napi_alloc_skb: the model's refusals in the model's order, then the struct, then the head. */
    long alloc(int cpu, int len) {
        String op = "napi_alloc_skb";
        requireCpu(op, cpu);
        if (len < 0) {
            throw Refusals.negative(op, "len", len, "I-GEOM-4");
        }
        int reserve = st.profile.netSkbPad() + st.profile.netIpAlign();
        long size = (long) len + reserve;
        ImplConstructors.requireSize(size, op);
        int frag = st.profile.napiFragSize((int) size);
        SlabCache heads = frag != 0 ? null : st.headsFor((int) size);
        if (frag != 0) {
            pages.requirePages(1, op);
        } else if (st.bounded && !heads.canAlloc(st.local(heads))) {
            throw Refusals.exhausted(heads.name, heads.capacity, "");
        }
        SkbDesc d = take(cpu);
        d = frag != 0 ? constructors.allocFragmentSkb(frag, d) : constructors.allocKmallocSkb((int) size, heads, d);
        d.data += reserve; // before the handle is returned: nobody else names this life yet
        d.tail += reserve;
        return ImplHandles.handleOf(d);
    }

    /** napi_skb_cache_get: the top struct, after a bulk refill of an empty one; the slab's while the cache is taken. */
    private SkbDesc take(int cpu) {
        NapiCache c = cpus[cpu];
        if (!c.compareAndSetOwner()) { // acquire: sees the last owner's structs and count (its release)
            return constructors.newStruct(false); // another thread is inside this CPU's cache
        }
        try {
            if (c.count == 0) {
                SlabCache hc = st.headCache;
                if (SlabBulk.allocBulk(hc, st.local(hc), c.structs, 0, SkbOps.NAPI_SKB_CACHE_BULK) == 0) {
                    throw Refusals.napiBulkExhausted(hc.name, hc.capacity);
                }
                c.count = SkbOps.NAPI_SKB_CACHE_BULK;
            }
            return (SkbDesc) st.headCache.payload(c.structs[--c.count]);
        } finally {
            c.setOwnerRelease(); // release: publishes structs and count to the next owner's CAS
        }
    }

    /**
     * napi_consume_skb: budget 0 is consume_skb; otherwise the drop of {@link ImplHandles#drop} with the CPU, so
     * that a release it runs itself ends in {@link #put} (a release left to the last thread inside an operation
     * on the skb frees the struct to the head cache).
     */
    void consume(long h, int cpu, int budget) {
        String op = "napi_consume_skb";
        requireCpu(op, cpu);
        if (h == SkbOps.NULL) {
            return;
        }
        if (budget == 0) {
            handles.free(h, op);
            return;
        }
        handles.freeToNapi(h, op, cpu);
    }

    /**
     * napi_skb_cache_put of a released head-cache struct nobody can name: pushed on the CPU's cache, whose top
     * half goes back at once when it fills; to the head cache when another thread holds the CPU's cache.
     */
    void put(int cpu, SkbDesc d) {
        NapiCache c = cpus[cpu];
        SlabCache hc = st.headCache;
        Magazine m = st.local(hc);
        if (!c.compareAndSetOwner()) { // acquire: sees the last owner's structs and count (its release)
            hc.freeUntracked(m, d.index);
            return;
        }
        try {
            c.structs[c.count++] = d.index;
            if (c.count == SkbOps.NAPI_SKB_CACHE_SIZE) {
                SlabBulk.freeBulk(hc, m, c.structs, SkbOps.NAPI_SKB_CACHE_HALF, SkbOps.NAPI_SKB_CACHE_HALF);
                c.count = SkbOps.NAPI_SKB_CACHE_HALF;
            }
        } finally {
            c.setOwnerRelease(); // release: publishes structs and count to the next owner's CAS
        }
    }

    /** Ours: the whole cache back to the head cache; refused (CONCURRENT_USE) while another thread holds it. */
    void drain(int cpu) {
        String op = "napi cache drain";
        requireCpu(op, cpu);
        NapiCache c = cpus[cpu];
        if (!c.compareAndSetOwner()) { // acquire: sees the last owner's structs and count (its release)
            throw Refusals.napiCacheBusy(op, cpu);
        }
        try {
            SlabBulk.freeBulk(st.headCache, st.local(st.headCache), c.structs, 0, c.count);
            c.count = 0;
        } finally {
            c.setOwnerRelease(); // release: publishes structs and count to the next owner's CAS
        }
    }

    /** Each CPU's count, for a snapshot at quiescence. */
    java.util.List<Integer> counts() {
        java.util.List<Integer> out = new java.util.ArrayList<>(cpus.length);
        for (NapiCache c : cpus) {
            out.add(c.countAcquire()); // acquire: at quiescence; pairs with the last owner's release store
        }
        return out;
    }
}
