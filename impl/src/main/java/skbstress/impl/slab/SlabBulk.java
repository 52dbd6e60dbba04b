package skbstress.impl.slab;

/**
 * kmem_cache_alloc_bulk and kmem_cache_free_bulk over a cache's untracked objects (skb structs): many
 * objects in one call, through the caller's magazine. The allocation gives all {@code n} objects or none:
 * when the cache runs out part-way, the objects already taken go back before it returns, as the kernel's
 * bulk allocator frees what it got and returns 0. Kept apart from {@link SlabCache}: both are loops over its
 * single-object paths, whose concurrency rules they inherit.
 */
public final class SlabBulk {
    private SlabBulk() {}

    /**
     * Takes {@code n} untracked objects into {@code out[off .. off + n)}: returns {@code n}, or 0 with nothing
     * taken (a bounded cache without {@code n} free objects, or an unbounded one at its limit).
     */
    public static int allocBulk(SlabCache cache, Magazine m, int[] out, int off, int n) {
        for (int k = 0; k < n; k++) {
            int i = cache.allocUntracked(m);
            if (i < 0) {
                for (int j = k - 1; j >= 0; j--) { // newest first: the magazine ends as it began
                    cache.freeUntracked(m, out[off + j]);
                }
                return 0;
            }
            out[off + k] = i;
        }
        return n;
    }

    /** Frees the untracked objects {@code objs[off .. off + n)}, lowest position first. */
    public static void freeBulk(SlabCache cache, Magazine m, int[] objs, int off, int n) {
        for (int k = 0; k < n; k++) {
            cache.freeUntracked(m, objs[off + k]);
        }
    }
}
