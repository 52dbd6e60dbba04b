package skbstress.impl.slab;

/**
 * One thread's cache of free objects of one cache: a small stack, the analogue of SLUB's per-CPU
 * freelist. Only its thread touches it, except statistics at quiescence.
 *
 * <p>It moves objects to and from the depot in half-magazine batches so that, for a single thread,
 * "magazine on top of depot" is one last-in first-out stack: a flush moves the bottom half (the oldest
 * frees) to the depot's top, a refill takes the depot's top back, oldest at the bottom.
 */
public final class Magazine {
    public static final int CAPACITY = 32;
    static final int BATCH = CAPACITY / 2;

    final int[] objs = new int[CAPACITY];
    final int[] scratch = new int[BATCH];
    int count;

    /** Free objects held here; exact only at quiescence. */
    public int count() {
        return count;
    }
}
