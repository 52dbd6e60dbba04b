package skbstress.api;

/** Where a head buffer came from, which decides how it is released when its data dies. */
public enum HeadKind {
    /** A kmalloc size-class object (alloc_skb, copies, expanded heads): freed to its kmalloc cache. */
    KMALLOC,
    /** An object of a caller's cache (alloc_skb_from_cache): freed to that cache. */
    CACHE,
    /** A caller-owned page fragment (build_skb, head_frag = 1): one page reference dropped. */
    PAGE_FRAG,
    /** A slice of a zero-copy driver buffer: one reference on the buffer's shared header dropped. */
    DRIVER_SLICE
}
