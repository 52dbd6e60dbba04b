package skbstress.model;

import java.util.ArrayDeque;

/**
 * A page_pool: the recycled pages it holds (one cache for the kernel's alloc cache and ptr_ring, the last
 * recycled handed out first), how many of its pages are in flight, and whether page_pool_destroy ran.
 */
final class ModelPool {
    final long handle;
    /** pool_size: how many recycled pages the cache holds; a recycle into a full one returns the page. */
    final int capacity;
    final ArrayDeque<ModelPage> cache = new ArrayDeque<>();
    /** Pages handed out and not yet back in the cache nor returned (the kernel's hold_cnt - release_cnt - cached). */
    int inFlight;
    boolean destroyed;
    boolean ended;

    ModelPool(long handle, int capacity) {
        this.handle = handle;
        this.capacity = capacity;
    }
}
