package skbstress.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import skbstress.api.Kernel;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;

/**
 * Caches at their limits, on the model and the implementation alike. The table of caches (I-SLAB-6):
 * kmem_cache_create succeeds until {@link Kernel#MAX_CACHES} caches exist, with the same ids, and every
 * creation past it is refused by name, not crashed; the last cache made still allocates and frees. An
 * unbounded cache (I-SLAB-7, I-SLAB-8): it grows to {@link Kernel#maxObjects} objects exactly, its last
 * slab partial when the limit is not a whole number of slabs, and its constructor runs once per object
 * made, not for a slab the limit refuses. That one costs a gigabyte of object bytes for a second or two.
 */
public final class CacheTable {
    private CacheTable() {}

    /** What differs at the limit (empty when nothing does). */
    public static List<String> problems(Supplier<SkbOps> model, Supplier<SkbOps> impl) {
        List<String> out = new ArrayList<>();
        List<String> m = fill(model.get());
        List<String> i = fill(impl.get());
        if (!m.equals(i)) {
            int k = 0;
            while (k < Math.min(m.size(), i.size()) && m.get(k).equals(i.get(k))) {
                k++;
            }
            out.add("cache table: creation " + (k + 1) + ": model " + (k < m.size() ? m.get(k) : "nothing")
                    + ", implementation " + (k < i.size() ? i.get(k) : "nothing"));
        }
        return out;
    }

    /** Each creation's result until two refusals in a row, then an alloc and free in the last cache made. */
    private static List<String> fill(SkbOps ops) {
        List<String> seen = new ArrayList<>();
        int refusals = 0;
        int last = -1;
        for (int n = 0; n <= Kernel.MAX_CACHES + 2 && refusals < 2; n++) {
            try {
                last = ops.createCache("table-" + n, 32, 0, null, 0);
                seen.add("id " + last);
            } catch (SkbException e) {
                seen.add("refused " + e.code());
                refusals++;
            } catch (RuntimeException | Error e) {
                seen.add("crashed " + e.getClass().getSimpleName());
                return seen;
            }
        }
        if (last >= 0) {
            try {
                ops.cacheFree(last, ops.cacheAlloc(last));
                seen.add("last cache allocates");
            } catch (RuntimeException | Error e) {
                seen.add("last cache: " + e.getClass().getSimpleName());
            }
        }
        return seen;
    }

    /** Object size of the unbounded check: two objects a slab, and a limit (87,381) that is odd. */
    static final int LIMIT_OBJECT_SIZE = 12 * 1024;

    /** What differs when an unbounded cache is filled to its limit (empty when nothing does). */
    public static List<String> unboundedProblems(Supplier<SkbOps> model, Supplier<SkbOps> impl) {
        List<String> out = new ArrayList<>();
        String m = fillUnbounded(model.get());
        String i = fillUnbounded(impl.get());
        if (!m.equals(i)) {
            out.add("unbounded cache of " + LIMIT_OBJECT_SIZE + "-byte objects at its limit: model " + m
                    + "; implementation " + i);
        }
        return out;
    }

    private static String fillUnbounded(SkbOps ops) {
        int[] constructed = {0};
        int cache = ops.createCache("to-the-limit", LIMIT_OBJECT_SIZE, 0, mem -> constructed[0]++, 0);
        long[] held = new long[Kernel.maxObjects(LIMIT_OBJECT_SIZE) + 2];
        int n = 0;
        String end = "never refused";
        try {
            while (n < held.length) {
                try {
                    held[n] = ops.cacheAlloc(cache);
                    n++;
                } catch (SkbException e) {
                    end = "refused " + e.code();
                    break;
                }
            }
            try { // once more at the limit: refused again, and no constructor runs for it
                ops.cacheFree(cache, ops.cacheAlloc(cache));
                end += ", then accepted";
            } catch (SkbException e) {
                end += ", then refused " + e.code();
            }
        } catch (RuntimeException | Error e) {
            end = "crashed " + e.getClass().getSimpleName();
        } finally {
            for (int k = 0; k < n; k++) {
                ops.cacheFree(cache, held[k]);
            }
        }
        return n + " objects, " + end + ", " + constructed[0] + " constructed";
    }
}
