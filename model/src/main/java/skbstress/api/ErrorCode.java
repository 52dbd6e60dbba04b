package skbstress.api;

/**
 * Every misuse the model refuses, with a stable name. Codes are part of the contract: the model and every
 * implementation refuse the same call with the same code. Each code names the invariant it protects; a
 * refusal may name a more specific one in its message.
 */
public enum ErrorCode {
    /** A free of something already released: an skb, a cache object, a page, a caller reference. */
    DOUBLE_FREE("I-USERS-2", "released twice"),
    /** Any other use of something already released; includes a reference increment from zero. */
    USE_AFTER_FREE("I-USERS-3", "used after release"),
    /** A handle that was never handed out (or is of the wrong kind). */
    NOT_ALLOCATED("I-SLAB-9", "never allocated"),
    /** An object freed to a cache other than the one it came from. */
    WRONG_CACHE("I-SLAB-6", "freed to the wrong cache"),
    /** A caller drops a reference that belongs to a structure (a frag, a frag_list, an skb head). */
    FREE_IN_USE("I-FRAG-1", "reference owned by a structure"),
    /** skb_put past end (the kernel's skb_over_panic). */
    SKB_OVER("I-GEOM-1", "put past end"),
    /** skb_push below head (the kernel's skb_under_panic). */
    SKB_UNDER("I-GEOM-1", "push below head"),
    /** skb_reserve on an skb that already holds data. */
    RESERVE_NOT_EMPTY("I-GEOM-3", "reserve on a non-empty skb"),
    /** A linear-only operation (put, trim, pull into paged data) on a nonlinear skb. */
    NONLINEAR("I-GEOM-3", "linear-only operation on paged data"),
    /** skb_pull of more than len (the kernel returns NULL). */
    PULL_TOO_FAR("I-GEOM-2", "pull beyond len"),
    /** pskb_expand_head (or cow) on a shared skb: users != 1. */
    SHARED_EXPAND("I-DATA-6", "expand of a shared skb"),
    /** A refcount_t counter driven past its maximum: saturated, leaked, never freed (a warning). */
    REFCOUNT_SATURATED("I-REF-2", "refcount saturated"),
    /** A write into data or headers that another skb shares. */
    WRITE_CLONED("I-DATA-5", "write into shared data"),
    /** __skb_header_release after the data was already cloned. */
    HEADER_RELEASE_CLONED("I-DATA-2", "header release of cloned data"),
    /** A clone that would carry dataref out of its low 16 bits. */
    DATAREF_OVERFLOW("I-DATA-2", "dataref low half full"),
    /** More than MAX_SKB_FRAGS frags. */
    TOO_MANY_FRAGS("I-FRAG-3", "too many frags"),
    /** A frag outside its page, or empty. */
    FRAG_RANGE("I-FRAG-3", "frag outside its page"),
    /** A size, offset, count or id outside what the operation accepts. */
    INVALID_ARGUMENT("I-GEOM-4", "invalid argument"),
    /** alloc_skb_from_cache with a cache whose objects cannot hold the data and the shared info. */
    CACHE_TOO_SMALL("I-GEOM-4", "cache objects too small"),
    /** A bounded cache has no free object. A result, not a misuse: nothing changed. */
    EXHAUSTED("I-SLAB-7", "cache exhausted"),
    /** A zero-copy slice outside its driver buffer (or over its header). */
    ZC_SLICE_RANGE("I-ZCDRV-2", "slice outside the driver buffer"),
    /** A second, different ubuf for one shared info (the kernel's -EEXIST). */
    UBUF_CONFLICT("I-ZC-1", "shared info already has another ubuf"),
    /** A ubuf that cannot take another send call (not the socket's latest, or full). */
    UBUF_EXTEND("I-ZC-5", "ubuf cannot be extended"),
    /** Orphaning zero-copy frags of a shared skb (skb_copy_ubufs' -EINVAL). */
    ORPHAN_SHARED("I-ZC-3", "orphan of a shared skb"),
    /** A domain touches a page it does not own (after a page flip). */
    PAGE_NOT_OWNED("I-FLIP-1", "page owned by another domain"),
    /** A page flip of an skb that is shared, cloned, nonlinear or not one page of a cache. */
    FLIP_NOT_ELIGIBLE("I-FLIP-3", "skb cannot be flipped"),
    /**
     * A caller's callback threw: a driver buffer's free function (the release completed first and the
     * function ran once; the throwable is the cause) or a slab constructor (nothing was made).
     */
    CALLBACK_FAILED("I-ZCDRV-1", "a callback threw"),
    /**
     * An skb edited while another thread was using it, or used while another thread edited it (the kernel's
     * rule: one context edits an skb at a time). Only a concurrent implementation can see it; the model is
     * sequential.
     */
    CONCURRENT_USE("P-SKB-1", "skb in use by another thread"),
    /** A change of truesize on an skb a socket is charged for (its destructor would uncharge another amount). */
    TRUESIZE_CHARGED("I-SOCK-2", "truesize change of a socket-owned skb"),
    /** skb_segment of an skb with a frag_list: the kernel's frag_list walk is not modelled (specs/deviations.md). */
    SEGMENT_FRAG_LIST("I-SEG-5", "segmentation of an skb with a frag_list");

    private final String invariant;
    private final String summary;

    ErrorCode(String invariant, String summary) {
        this.invariant = invariant;
        this.summary = summary;
    }

    /** The invariant this code protects by default. */
    public String invariant() {
        return invariant;
    }

    public String summary() {
        return summary;
    }
}
