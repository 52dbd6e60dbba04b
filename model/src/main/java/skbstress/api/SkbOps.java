package skbstress.api;

import java.util.List;

/**
 * The operations of skb lifetime, as the reference model states them and every implementation provides
 * them. Handles are opaque {@code long}s ({@link #NULL} is never a valid one); kernel names are given
 * where they differ. A refused call throws {@link SkbException} and leaves the state as it was.
 *
 * <p>Ownership rule (the kernel's): a caller may only use, get or drop a reference it holds. Every
 * constructor hands the caller one reference; {@link #free}/{@link #consume} give it back.
 */
public interface SkbOps {
    long NULL = 0;
    /** The domain that allocates skbs; other domains only receive flipped pages. */
    int LOCAL_DOMAIN = 0;
    int MAX_DOMAINS = 16;

    /** skbuff_head_cache: single sk_buff structs. */
    int HEAD_CACHE = 0;
    /** skbuff_fclone_cache: sk_buff_fclones pairs. */
    int FCLONE_CACHE = 1;
    /** kmalloc-64 .. kmalloc-131072: the size classes that hold head buffers. */
    int FIRST_KMALLOC_CACHE = 2;
    int KMALLOC_MIN_SHIFT = 6;
    int KMALLOC_MAX_SHIFT = 17;
    /** skbuff_small_head: heads of up to {@link KernelProfile#SMALL_HEAD_CACHE_SIZE} bytes (Linux 6.12 profile only). */
    int SMALL_HEAD_CACHE = FIRST_KMALLOC_CACHE + KMALLOC_MAX_SHIFT - KMALLOC_MIN_SHIFT + 1;
    /** The first id {@link #createCache} hands out; ids are sequential from here. */
    int FIRST_USER_CACHE = SMALL_HEAD_CACHE + 1;

    // ---- slab caches (kmem_cache) ----

    /** kmem_cache_create. {@code align} is 0 or a power of two; {@code capacity} 0 = unbounded. */
    int createCache(String name, int objectSize, int align, ObjectCtor ctor, int capacity);

    /** kmem_cache_alloc. Throws EXHAUSTED when a bounded cache is full. */
    long cacheAlloc(int cache);

    /** kmem_cache_free. */
    void cacheFree(int cache, long object);

    /** All bytes of a cache object, as {@code domain} sees them. */
    Bytes readObject(int domain, long object);

    /** Writes into a cache object as {@code domain}. */
    void writeObject(int domain, long object, int offset, byte[] bytes);

    // ---- constructors ----

    /** The kernel whose geometry this instance follows (its {@link SkbConfig#profile()}). */
    default KernelProfile profile() {
        return KernelProfile.LINUX_6_12;
    }

    /** alloc_skb / alloc_skb_fclone. */
    long allocSkb(int size, boolean fclone);

    /**
     * dev_alloc_skb: len + NET_SKB_PAD, then NET_SKB_PAD reserved; the head a page fragment or a kmalloc object as
     * the profile says (specs/geometry.md).
     */
    long devAllocSkb(int len);

    /** netdev_alloc_skb_ip_align: len + NET_SKB_PAD + NET_IP_ALIGN, then both reserved. */
    long devAllocSkbIpAlign(int len);

    /** alloc_skb_from_cache: the head buffer is one object of the caller's cache. */
    long allocSkbFromCache(int cache, int size);

    /**
     * build_skb around a caller-owned fragment {@code [offset, offset + fragSize)} of a page (offset a
     * multiple of SMP_CACHE_BYTES; heads on one page never overlap); takes the caller's page reference.
     */
    long buildSkb(long page, int offset, int fragSize);

    /** The cache object that holds an alloc_skb_from_cache head (what a page flip hands over). */
    long dataObject(long skb);

    // ---- geometry ----

    /** skb_reserve: only on an empty skb. */
    void reserve(long skb, int len);

    /** skb_put, writing {@code bytes} at the old tail. */
    void put(long skb, byte[] bytes);

    /** skb_push, writing {@code bytes} at the new data. */
    void push(long skb, byte[] bytes);

    /** skb_pull. */
    void pull(long skb, int len);

    /** skb_trim (a no-op when len >= skb->len). */
    void trim(long skb, int len);

    /** Bytes [data, tail). */
    Bytes linearBytes(long skb);

    /** All len bytes: linear, then frags, then frag_list members (skb_copy_bits). */
    Bytes bytes(long skb);

    /** A view of one live skb. */
    Snapshot.Skb view(long skb);

    // ---- users ----

    /** skb_get. */
    void get(long skb);

    /** refcount_add(n, &skb->users): n references at once (reaches saturation in tests). */
    void getMany(long skb, int n);

    /** kfree_skb. True when this call released the struct. */
    boolean free(long skb);

    /** consume_skb: the same lifetime rule as free. */
    boolean consume(long skb);

    /** skb_share_check: the caller's reference is always consumed; NULL if the clone could not be made. */
    long shareCheck(long skb);

    /** skb_unshare: as share_check, but triggered by cloned data and made with a private copy. */
    long unshare(long skb);

    // ---- dataref and clones ----

    /** skb_clone (fast clone from an ORIG whose fclone_ref is 1, else a new head from the head cache). */
    long clone(long skb);

    /** __skb_header_release: nohdr, dataref = 1 + (1 << 16). Only before the data is cloned. */
    void headerRelease(long skb);

    /** skb_cloned. */
    boolean cloned(long skb);

    /** skb_header_cloned. */
    boolean headerCloned(long skb);

    // ---- pages, frags, frag_list, copies ----

    /** alloc_page: one reference for the caller. */
    long allocPage();

    void getPage(long page);

    void putPage(long page);

    void writePage(long page, int offset, byte[] bytes);

    /** skb_add_rx_frag: the frag takes over the caller's page reference. */
    void addFrag(long skb, long page, int offset, int size);

    /** Appends {@code member} to the frag_list; the list takes over the caller's reference on it. */
    void addFragList(long skb, long member);

    /**
     * skb_try_coalesce(to, from), then, when it succeeds, kfree_skb_partial(from, fragstolen) (specs/frags.md,
     * I-FRAG-5): true when {@code from}'s data was appended to {@code to} and {@code from} consumed; false when
     * nothing changed and the caller still owns {@code from}. False when {@code to} is cloned; otherwise, when
     * from's len fits to's tailroom, the bytes are copied there; otherwise false if either has a frag_list or
     * zero-copy frags, or the frags would not fit, or from's linear part cannot be stolen (its head is not a
     * page fragment, or is cloned); otherwise that head becomes a frag of {@code to} and from's frags follow
     * (moved, or referenced when from's data is cloned), and to's truesize grows by what from charged beyond
     * its struct (and head, when not stolen). The caller must own {@code from} alone (users 1, on no frag_list).
     */
    boolean coalesce(long to, long from);

    /**
     * skb_segment with scatter-gather and checksum offload (Linux 6.12; specs/segment.md, I-SEG-1..5): the first
     * {@code hdrLen} bytes of {@code skb}'s data (inside its linear part) are the headers, copied into every
     * segment; the payload [hdrLen, len) is cut into {@code mss}-byte segments, the last possibly shorter (one
     * header-only segment when there is no payload). Each segment has a new kmalloc head of
     * hsize + hdrLen + headroom bytes (the original's headroom reserved) holding the headers and the linear
     * payload it covers, and frags that reference the original's pages (one page reference each) for the rest;
     * truesize grows by data_len. Zero-copy frags are orphaned first unless DONT_ORPHAN, when every segment
     * takes a ubuf reference; every segment shares the original's skb_ext; a sock_wfree owner's charge moves to
     * the last segment (truesize, destructor and sk swapped with the original). Returns the segments in order;
     * the caller keeps its reference on {@code skb} and owns one on each segment. Refused, with nothing
     * changed, for a frag_list ({@link ErrorCode#SEGMENT_FRAG_LIST}), bad arguments, more than
     * {@link Kernel#GSO_MAX_SEGS} segments, or caches that cannot hold every segment.
     */
    long[] segment(long skb, int hdrLen, int mss);

    /** pskb_copy: private linear head, shared frags (+1 page ref each) and frag_list (+1 users each). */
    long pskbCopy(long skb);

    /** skb_copy: everything private and linear. */
    long copy(long skb);

    /** pskb_expand_head. */
    void expandHead(long skb, int nhead, int ntail);

    /** skb_cow. */
    void cow(long skb, int headroom);

    /** skb_cow_head. */
    void cowHead(long skb, int headroom);

    // ---- zero-copy (a): driver buffers (make_zero_copy_skb) ----

    /** init_zero_copy_buffer: a buffer with a shared header; the driver holds one reference. */
    long createDriverBuffer(int size, FreeFunction freeFunction);

    void writeDriverBuffer(long buffer, int offset, byte[] bytes);

    /** make_zero_copy_skb over [offset, offset + len) of the buffer, without copying. */
    long makeZeroCopySkb(long buffer, int offset, int len);

    /** The driver drops its own reference. */
    void releaseDriverBuffer(long buffer);

    // ---- zero-copy (b): ubuf_info and MSG_ZEROCOPY ----

    long createZerocopySocket();

    /** msg_zerocopy_alloc: id = zckey++, one reference for the caller. */
    long ubufAlloc(long socket, boolean dontOrphan);

    /** msg_zerocopy_realloc's extension: one more send call covered by this ubuf. */
    void ubufExtend(long ubuf);

    /** The caller drops its reference (net_zcopy_put). */
    void ubufPut(long ubuf);

    /** skb_zcopy_set + a user frag: the shared info takes one ubuf reference and the caller's page reference. */
    void zerocopyAttach(long skb, long ubuf, long page, int offset, int size);

    /** skb_orphan_frags: copy zero-copy frags into private pages (completion then reports COPIED). */
    void orphanFrags(long skb);

    /** recvmsg(MSG_ERRQUEUE) until empty. */
    List<Snapshot.Notification> readErrorQueue(long socket);

    // ---- zero-copy (c): page flip between domains ----

    /** Hands the skb's one-page head to {@code domain} without copying; consumes the skb. */
    long pageFlip(long skb, int domain);

    /** The receiving domain gives the page back to its cache. */
    void releaseFlipped(int domain, long object);

    // ---- destructors ----

    /** Sets skb->destructor (identified by a tag > 0); an skb has at most one. */
    void setDestructor(long skb, int tag);

    /** skb_orphan: runs the destructor now and clears it (and skb->sk). */
    void orphan(long skb);

    /**
     * skb_linearize (__pskb_pull_tail of all data_len bytes): the paged bytes join the linear ones; the head is
     * replaced first when it lacks the room or is cloned; every frag's page reference is dropped, every frag_list
     * member consumed, a zero-copy ubuf released as copied.
     */
    void linearize(long skb);

    /**
     * pskb_may_pull: true when the first {@code len} bytes are linear, made so by __pskb_pull_tail(len - headlen)
     * when they were not (the head replaced first when short of room or cloned; frags eaten whole drop their page
     * references, a partly eaten one moves on; frag_list members eaten whole are consumed, a partly eaten one is
     * pulled from its front, cloned first when shared); false, nothing changed, when {@code len > skb->len}.
     * Refused as linearize is when a new head or clone cannot be had (the kernel's NOMEM false).
     */
    boolean pskbMayPull(long skb, int len);

    /** pskb_pull: pskb_may_pull, then {@code len} bytes off the front; {@code len > skb->len} is refused as pull's. */
    void pskbPull(long skb, int len);

    /**
     * pskb_trim: nothing when {@code len >= skb->len}; a linear skb as skb_trim; a nonlinear one as ___pskb_trim
     * (a private head first when cloned; frags and frag_list members past len dropped, the one len falls in
     * shortened, shared members cloned first), then skb_condense unless a socket owns it.
     */
    void pskbTrim(long skb, int len);

    // ---- skb extensions (specs/ext.md) ----

    /** SKB_EXT_NUM: extension ids are 0 .. SKB_EXT_NUM - 1 (bridge netfilter, sec_path, tc, mptcp, mctp). */
    int SKB_EXT_NUM = 5;

    /**
     * skb_ext_add, then a write of {@code value} (>= 0) into the extension's chunk: a shared skb_ext is copied
     * first (skb_ext_maybe_cow), so the write is seen by this skb only.
     */
    void extAdd(long skb, int id, int value);

    /** skb_ext_del: this skb stops seeing the extension; the skb_ext is put when it has none left. */
    void extDel(long skb, int id);

    /** skb_ext_find: the value this skb sees for extension {@code id}, or -1 when it has none. */
    int extFind(long skb, int id);

    // ---- the per-CPU NAPI skb cache (specs/napi.md) ----

    /** CPUs this instance models a NAPI cache for: a NAPI call names one of 0 .. NAPI_CPUS - 1. */
    int NAPI_CPUS = 4;
    /** NAPI_SKB_CACHE_SIZE: a CPU's cache holds fewer structs than this (reaching it flushes half). */
    int NAPI_SKB_CACHE_SIZE = 64;
    /** NAPI_SKB_CACHE_BULK: structs an empty cache takes from the head cache at once (kmem_cache_alloc_bulk). */
    int NAPI_SKB_CACHE_BULK = 16;
    /** NAPI_SKB_CACHE_HALF: structs a full cache gives back to the head cache at once (kmem_cache_free_bulk). */
    int NAPI_SKB_CACHE_HALF = NAPI_SKB_CACHE_SIZE / 2;

    /**
     * napi_alloc_skb on CPU {@code cpu}: len + NET_SKB_PAD + NET_IP_ALIGN bytes, both reserved; the struct from
     * the CPU's cache (an empty cache first takes NAPI_SKB_CACHE_BULK structs from the head cache, all or
     * none: EXHAUSTED otherwise); the head a page fragment or, past one page, __alloc_skb's (specs/napi.md).
     */
    long napiAllocSkb(int cpu, int len);

    /**
     * napi_consume_skb on CPU {@code cpu}: budget 0 is consume_skb; otherwise a reference that is not the last
     * is only dropped, an fclone is freed as by __kfree_skb, and any other struct is released and kept in the
     * CPU's cache (which gives NAPI_SKB_CACHE_HALF back to the head cache when it reaches NAPI_SKB_CACHE_SIZE).
     */
    void napiConsumeSkb(long skb, int cpu, int budget);

    /** Ours (a CPU going offline): every struct in the CPU's cache goes back to the head cache. */
    void napiCacheDrain(int cpu);

    // ---- socket ownership (specs/socket.md) ----

    /** The destructor of an skb a socket owns for writing: sock_wfree, which uncharges sk_wmem_alloc. */
    int SOCK_WFREE = -1;
    /** The destructor of an skb a socket owns for reading: sock_rfree, which uncharges sk_rmem_alloc. */
    int SOCK_RFREE = -2;

    /**
     * skb_set_owner_w: skb_orphan, then skb->sk = socket, destructor sock_wfree, and sk_wmem_alloc charged with
     * the skb's truesize, which sock_wfree uncharges exactly once.
     */
    void setOwnerW(long skb, long socket);

    /** skb_set_owner_r: as {@link #setOwnerW}, charging sk_rmem_alloc; the destructor is sock_rfree. */
    void setOwnerR(long skb, long socket);

    /**
     * skb_fclone_busy: whether {@code skb} is the original of a fast-clone pair whose clone is alive
     * (fclone_ref > 1) and owned by {@code socket} (TCP's "the clone is still in the driver").
     */
    boolean fcloneBusy(long socket, long skb);

    // ---- page_pool recycling (specs/pagepool.md) ----

    /** The kernel's default pool_size (the recycle ring's size) when a pool is created with capacity 0. */
    int PAGE_POOL_DEFAULT_SIZE = 1024;
    /** page_pool_init's sanity limit on pool_size (-E2BIG above it). */
    int PAGE_POOL_MAX_SIZE = 32768;

    /**
     * page_pool_create: {@code capacity} is the pool_size, how many recycled pages the pool's cache holds (0: the
     * default, {@link #PAGE_POOL_DEFAULT_SIZE}); the pages it hands out are bounded only by the page cap.
     */
    long createPagePool(int capacity);

    /**
     * page_pool_dev_alloc_pages: the most recently recycled page of the pool's cache, else a new zeroed page; the
     * caller gets one pp reference (pp_ref_count 1; the page refcount is the pool's 1).
     */
    long poolAllocPage(long pool);

    /**
     * page_pool_put_full_page: the caller's pp reference dropped; the last one recycles the page into the cache
     * when its refcount is 1 and the cache has room, else the page leaves the pool (page_pool_return_page).
     */
    void poolPutPage(long page);

    /** skb_mark_for_recycle: skb->pp_recycle = 1 (refused while its frags on pool pages hold page references). */
    void markForRecycle(long skb);

    /**
     * page_pool_destroy: the cached pages are freed; pages in flight leave the pool when their last pp reference
     * goes, and the pool ends after the last of them.
     */
    void destroyPagePool(long pool);

    // ---- observation ----

    Snapshot snapshot();
}
