package skbstress.lincheck;

/**
 * P-SLAB-1 of {@code specs/slab.md} as a sequential rule over counts: which allocation of a bounded cache
 * finds no object although fewer than its capacity are allocated, because the free ones sit in other
 * threads' magazines. It follows the allocator's policy exactly: a bounded cache starts with all its
 * objects in the depot; a magazine of {@code magazine} objects is refilled with half of that from the
 * depot, and half of it is flushed to the depot when a free finds it full.
 *
 * <p>Thread ids are Lincheck's; its runner executes the initial and final parts on the first parallel
 * thread, so ids 0, 1 and {@code threads + 1} share one magazine.
 */
public final class MagazineRule {
    private final int threads;
    private final int magazine;
    private final int batch;
    private final int[] cached;
    private int depot;

    public MagazineRule(int threads, int magazine, int capacity) {
        this.threads = threads;
        this.magazine = magazine;
        this.batch = magazine / 2;
        this.cached = new int[threads + 2];
        this.depot = capacity;
    }

    private int magazineOf(int t) {
        return t == 0 || t == threads + 1 ? 1 : t;
    }

    /** An allocation by thread {@code t}: false when the rule says it finds nothing. */
    public boolean alloc(int t) {
        int m = magazineOf(t);
        if (cached[m] == 0) {
            if (depot == 0) {
                return false;
            }
            int n = Math.min(batch, depot);
            depot -= n;
            cached[m] = n;
        }
        cached[m]--;
        return true;
    }

    /** A free on thread {@code t}. */
    public void free(int t) {
        int m = magazineOf(t);
        if (cached[m] == magazine) {
            cached[m] -= batch;
            depot += batch;
        }
        cached[m]++;
    }
}
