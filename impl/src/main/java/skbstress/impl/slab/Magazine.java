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
    /** The default capacity; an arena may choose another (small ones let tests reach the depot quickly). */
    public static final int CAPACITY = 32;

    /** The objects, oldest free at 0; its length is the capacity. */
    final int[] objs;
    /** Room for one batch from the depot; its length is the batch, half the capacity. */
    final int[] scratch;
    int count;

    Magazine(int capacity) {
        this.objs = new int[capacity];
        this.scratch = new int[capacity / 2];
    }

    /** Free objects held here; exact only at quiescence. */
    public int count() {
        return count;
    }
}
