package skbstress.model;

import skbstress.api.Kernel;

/** A page with its own reference count (a plain counter: pages do not saturate). */
final class ModelPage {
    final long handle;
    final byte[] bytes = new byte[Kernel.PAGE_SIZE];
    int refcount = 1;
    /** References owned by structures (frags, build_skb heads); the rest belong to callers (I-FRAG-1). */
    int structRefs;
    /** The page pool it belongs to (page->pp), or null; its refcount then counts the pool's 1 in structRefs. */
    ModelPool pool;
    /** pp references held (pp_ref_count while in flight, 0 in the cache), and how many structures own. */
    int ppRefs;
    int ppStructRefs;
    /** Which SMP_CACHE_BYTES units of the page hold build_skb heads (I-FRAG-4). */
    long headUnits;

    ModelPage(long handle) {
        this.handle = handle;
    }

    boolean alive() {
        return refcount > 0;
    }

    boolean callerHoldsReference() {
        return refcount > structRefs;
    }

    boolean callerHoldsPpReference() {
        return ppRefs > ppStructRefs;
    }
}
