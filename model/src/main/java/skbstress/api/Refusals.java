package skbstress.api;

/**
 * The refusals the model and every implementation share, each with its code, its invariant and its
 * numbers: the decisions stay on each side, the words are written once here. Every method returns the
 * exception for the caller to throw.
 */
public final class Refusals {
    private Refusals() {}

    private static SkbException of(ErrorCode code, String invariant, String fmt, Object... args) {
        return new SkbException(code, invariant, String.format(java.util.Locale.ROOT, fmt, args));
    }

    // ---------------------------------------------------------------- handles

    /** A handle this instance never issued (of another kind, forged, or another instance's). */
    public static SkbException notIssued(String op, long h, String aWhat) {
        return of(ErrorCode.NOT_ALLOCATED, ErrorCode.NOT_ALLOCATED.invariant(),
                "%s: %x is not %s this instance handed out", op, h, aWhat);
    }

    /** A handle of an skb whose struct was released: a drop is a double free, anything else a use after free. */
    public static SkbException skbReleased(String op, long h, boolean dropping) {
        return dropping
                ? of(ErrorCode.DOUBLE_FREE, "I-USERS-2", "%s: skb %x was already released (users already 0)", op, h)
                : of(ErrorCode.USE_AFTER_FREE, "I-USERS-3", "%s: skb %x was already released (increment or use "
                        + "from 0)", op, h);
    }

    public static SkbException pageFreed(String op, long h, boolean dropping) {
        return of(dropping ? ErrorCode.DOUBLE_FREE : ErrorCode.USE_AFTER_FREE, "I-FRAG-1",
                "%s: page %x was already freed (refcount 0)", op, h);
    }

    public static SkbException driverBufferFreed(String op, long h, boolean dropping) {
        return of(dropping ? ErrorCode.DOUBLE_FREE : ErrorCode.USE_AFTER_FREE, "I-ZCDRV-1",
                "%s: driver buffer %x was already freed by its free function", op, h);
    }

    public static SkbException ubufCompleted(String op, long h, boolean dropping) {
        return of(dropping ? ErrorCode.DOUBLE_FREE : ErrorCode.USE_AFTER_FREE, "I-ZC-2",
                "%s: ubuf %x already completed", op, h);
    }

    public static SkbException objectFreed(String op, long h) {
        return of(ErrorCode.USE_AFTER_FREE, "I-SLAB-9", "%s: object %x was freed", op, h);
    }

    /** Another thread is using the skb while this call edits it, or editing it while this call uses it. */
    public static SkbException concurrentUse(String op, long h) {
        return of(ErrorCode.CONCURRENT_USE, "P-SKB-1", "%s: skb %x is being used by another thread at the same "
                + "time, and one of the two edits it; an skb is edited by one thread at a time", op, h);
    }

    // ---------------------------------------------------------------- sizes and caches

    /** A size outside what a head buffer can hold. */
    public static SkbException sizeOutOfRange(String op, long size) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-GEOM-4", "%s: size %d outside [0, %d]", op, size,
                Kernel.skbWithOverhead(Kernel.KMALLOC_MAX_SIZE));
    }

    public static SkbException negative(String op, String what, long value, String invariant) {
        return of(ErrorCode.INVALID_ARGUMENT, invariant, "%s: %s %d < 0", op, what, value);
    }

    public static SkbException nullBytes(String op) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-GEOM-2", "%s: the bytes are null", op);
    }

    public static SkbException headTooLarge(long bytes) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-GEOM-4", "a head buffer of %d bytes exceeds the largest kmalloc "
                + "class (%d)", bytes, Kernel.KMALLOC_MAX_SIZE);
    }

    public static SkbException noSuchCache(int id, int count) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6", "no cache %d (%d exist)", id, count);
    }

    /** A bounded cache with every object allocated (a result, not a misuse). */
    public static SkbException exhausted(String cache, int capacity, String note) {
        return of(ErrorCode.EXHAUSTED, "I-SLAB-7", "%s is exhausted (%d objects)%s", cache, capacity,
                note.isEmpty() ? "" : "; " + note);
    }

    public static SkbException pagesExhausted(String op, int needed, long inUse, int capacity) {
        return of(ErrorCode.EXHAUSTED, "I-SLAB-7", "%s: needs %d page(s); %d of %d in use", op, needed, inUse,
                capacity);
    }

    public static SkbException structCache(String op, String cache) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6", "%s: %s holds sk_buff structs, not heads or objects; "
                + "allocate an skb instead", op, cache);
    }

    public static SkbException cacheTooSmall(String cache, int objectSize, int size, long need, long data) {
        return of(ErrorCode.CACHE_TOO_SMALL, "I-GEOM-4", "alloc_skb_from_cache: %s holds %d-byte objects; %d "
                        + "bytes of data need %d (data %d + shared info %d)", cache, objectSize, size, need, data,
                Kernel.skbDataAlign(Kernel.SHINFO_SIZE));
    }

    public static SkbException cacheName() {
        return of(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6", "kmem_cache_create: a cache needs a name");
    }

    public static SkbException objectSize(String name, int size) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6", "kmem_cache_create '%s': object size %d outside [1, %d]",
                name, size, Kernel.MAX_OBJECT_SIZE);
    }

    public static SkbException align(String name, int align) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6", "kmem_cache_create '%s': align %d is not 0 or a power "
                + "of two <= %d", name, align, Kernel.PAGE_SIZE);
    }

    public static SkbException capacity(String name, int capacity, int alignedSize) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-SLAB-7", "kmem_cache_create '%s': capacity %d of %d-byte objects "
                        + "is outside [0, %d objects and %d bytes] (a bounded cache makes them all at once)", name,
                capacity, alignedSize, Kernel.maxObjects(alignedSize), Kernel.MAX_BOUNDED_CACHE_BYTES);
    }

    public static SkbException tooManyCaches(String name, int max) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6", "kmem_cache_create '%s': no room for another cache (%d "
                + "exist)", name, max);
    }

    public static SkbException constructorThrew(String cache, Throwable cause) {
        return new SkbException(ErrorCode.CALLBACK_FAILED, "I-SLAB-8", String.format(java.util.Locale.ROOT,
                "the constructor of cache '%s' threw %s; no object was made", cache, cause), cause);
    }

    public static SkbException freeFunctionThrew(long buffer, int others, Throwable cause) {
        return new SkbException(ErrorCode.CALLBACK_FAILED, "I-ZCDRV-1", String.format(java.util.Locale.ROOT,
                "the free function of driver buffer %x threw %s%s; the buffer was released and its free function "
                        + "ran once", buffer, cause, others == 0 ? "" : " (and " + others + " more failed)"), cause);
    }

    // ---------------------------------------------------------------- users, clones, destructors

    public static SkbException callerHoldsNone(String op, long h, int users, int lists) {
        return of(ErrorCode.FREE_IN_USE, "I-FRAG-2", "%s: skb %x has users %d, all held by %d frag_list(s); the "
                + "caller holds none to drop", op, h, users, lists);
    }

    public static SkbException refcountAddBelowOne(int n) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-USERS-3", "refcount_add: n %d < 1", n);
    }

    public static SkbException datarefFull(String op, long h, int word) {
        return of(ErrorCode.DATAREF_OVERFLOW, "I-DATA-2", "%s: dataref %s of skb %x: another clone would carry "
                + "out of the low 16 bits", op, DatarefWord.describe(word), h);
    }

    public static SkbException headerReleaseCloned(long h, int word) {
        return of(ErrorCode.HEADER_RELEASE_CLONED, "I-DATA-2", "__skb_header_release: skb %x data is already "
                + "cloned (dataref %s); setting dataref would erase the clones' references", h,
                DatarefWord.describe(word));
    }

    public static SkbException destructorTag(int tag) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-DESTR-1", "destructor tag %d must be > 0", tag);
    }

    public static SkbException destructorSet(long h, int tag) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-DESTR-1", "skb %x already has destructor %d; skb_orphan it first",
                h, tag);
    }

    /** A NAPI call naming a CPU outside 0 .. NAPI_CPUS - 1. */
    public static SkbException napiCpu(String op, int cpu) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-NAPI-2", "%s: cpu %d outside 0..%d", op, cpu, SkbOps.NAPI_CPUS - 1);
    }

    /** napi_skb_cache_get on an empty cache when the head cache cannot give NAPI_SKB_CACHE_BULK structs at once. */
    public static SkbException napiBulkExhausted(String cache, int capacity) {
        return of(ErrorCode.EXHAUSTED, "I-NAPI-1", "%s cannot give %d structs at once (kmem_cache_alloc_bulk; "
                + "capacity %d)", cache, SkbOps.NAPI_SKB_CACHE_BULK, capacity);
    }

    /** napiCacheDrain of a CPU whose cache another thread is using now. */
    public static SkbException napiCacheBusy(String op, int cpu) {
        return of(ErrorCode.CONCURRENT_USE, "P-SKB-1", "%s: the NAPI cache of cpu %d is in use by another thread", op,
                cpu);
    }

    /** An extension id outside 0 .. SKB_EXT_NUM - 1, or a negative value to store. */
    public static SkbException extArgument(String op, String what, int v) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-EXT-2", "%s: %s %d outside its range (ids 0..%d, values >= 0)", op,
                what, v, SkbOps.SKB_EXT_NUM - 1);
    }

    /** addFrag, a zero-copy attach or a frag_list add on an skb whose truesize a socket is charged for. */
    public static SkbException truesizeCharged(String op, long h, long socket, int delta) {
        return of(ErrorCode.TRUESIZE_CHARGED, "I-SOCK-2", "%s: skb %x is charged to socket %x by its truesize; adding %d "
                + "would make its destructor uncharge another amount (skb_orphan it first)", op, h, socket, delta);
    }

    // ---------------------------------------------------------------- geometry

    /** The pointers of an skb, for messages. */
    public static String where(int len, int dataLen, int head, int data, int tail, int end) {
        return String.format(java.util.Locale.ROOT, "len %d data_len %d head %d data %d tail %d end %d", len,
                dataLen, head, data, tail, end);
    }

    public static SkbException reserveNotEmpty(long h, int len, String where) {
        return of(ErrorCode.RESERVE_NOT_EMPTY, "I-GEOM-3", "skb_reserve: skb %x already holds %d bytes; reserve "
                + "only an empty skb (%s)", h, len, where);
    }

    public static SkbException reservePastEnd(long h, int n, long tail, int end, String where) {
        return of(ErrorCode.SKB_OVER, "I-GEOM-1", "skb_reserve: skb %x reserve %d: tail %d would pass end %d (%s)",
                h, n, tail, end, where);
    }

    public static SkbException putNonlinear(long h, int dataLen) {
        return of(ErrorCode.NONLINEAR, "I-GEOM-3", "skb_put: skb %x is nonlinear (data_len %d); put only extends "
                + "linear data", h, dataLen);
    }

    public static SkbException skbOver(long h, int n, long tail, int end, String where) {
        return of(ErrorCode.SKB_OVER, "I-GEOM-1", "skb_over: skb %x put %d: tail %d would pass end %d (%s)", h, n,
                tail, end, where);
    }

    public static SkbException putCloned(long h, int word) {
        return of(ErrorCode.WRITE_CLONED, "I-DATA-5", "skb_put: skb %x shares its data (dataref %s); unclone "
                + "before writing payload", h, DatarefWord.describe(word));
    }

    public static SkbException skbUnder(long h, int n, long data, int head, String where) {
        return of(ErrorCode.SKB_UNDER, "I-GEOM-1", "skb_under: skb %x push %d: data %d would go below head %d (%s)",
                h, n, data, head, where);
    }

    public static SkbException pushShared(long h, int word, boolean nohdr, int headroom, int hdrLen) {
        return of(ErrorCode.WRITE_CLONED, "I-DATA-5", "skb_push: skb %x may not write headers: dataref %s, nohdr "
                + "%b, headroom %d, hdr_len %d", h, DatarefWord.describe(word), nohdr, headroom, hdrLen);
    }

    public static SkbException pullTooFar(long h, int n, int len, String where) {
        return of(ErrorCode.PULL_TOO_FAR, "I-GEOM-2", "skb_pull: skb %x pull %d > len %d (%s)", h, n, len, where);
    }

    public static SkbException pullPaged(long h, int n, int dataLen, int headlen) {
        return of(ErrorCode.NONLINEAR, "I-GEOM-3", "skb_pull: skb %x pull %d reaches into %d bytes of paged data "
                + "(headlen %d); use pskb_pull", h, n, dataLen, headlen);
    }

    public static SkbException trimNonlinear(long h, int dataLen) {
        return of(ErrorCode.NONLINEAR, "I-GEOM-3", "skb_trim: skb %x is nonlinear (data_len %d); use pskb_trim", h,
                dataLen);
    }

    public static SkbException listMember(String op, long h) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-GEOM-2", "%s: skb %x is a frag_list member; its length is part "
                + "of its parent's data_len", op, h);
    }

    // ---------------------------------------------------------------- pages, frags, frag_list, copies

    public static SkbException noCallerPageReference(String op, long page, int refcount) {
        return of(ErrorCode.FREE_IN_USE, "I-FRAG-1", "%s: page %x refcount %d is all owned by structures; the "
                + "caller holds none", op, page, refcount);
    }

    public static SkbException pageRefcountMax(long page) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-FRAG-1", "get_page: page %x refcount at its maximum; refused "
                + "rather than wrapped", page);
    }

    public static SkbException pageRange(String op, long offset, long end) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-FRAG-3", "%s: [%d, %d) outside the %d-byte page", op, offset, end,
                Kernel.PAGE_SIZE);
    }

    public static SkbException fragRange(String op, long offset, long end) {
        return of(ErrorCode.FRAG_RANGE, "I-FRAG-3", "%s: frag [%d, %d) is empty or outside its %d-byte page", op,
                offset, end, Kernel.PAGE_SIZE);
    }

    public static SkbException tooManyFrags(String op, long h, int frags) {
        return of(ErrorCode.TOO_MANY_FRAGS, "I-FRAG-3", "%s: skb %x already has %d frags (MAX_SKB_FRAGS %d)", op,
                h, frags, Kernel.MAX_SKB_FRAGS);
    }

    public static SkbException sharedInfoShared(String op, long h, int word) {
        return of(ErrorCode.WRITE_CLONED, "I-DATA-5", "%s: skb %x shares its shared info (dataref %s); unclone it "
                + "first", op, h, DatarefWord.describe(word));
    }

    public static SkbException buildSkbFragment(long offset, long end) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-GEOM-4", "build_skb: fragment [%d, %d) must start on a %d-byte "
                        + "line, leave room for the %d-byte shared info, and lie within the %d-byte page", offset, end,
                Kernel.SMP_CACHE_BYTES, Kernel.skbDataAlign(Kernel.SHINFO_SIZE), Kernel.PAGE_SIZE);
    }

    public static SkbException buildSkbOverlap(long page, int offset, int fragSize) {
        return of(ErrorCode.FRAG_RANGE, "I-FRAG-4", "build_skb: fragment [%d, %d) of page %x overlaps another skb "
                + "head on it", offset, (long) offset + fragSize, page);
    }

    public static SkbException fragListCycle(long h, long member) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-FRAG-2", "frag_list add: skb %x would contain itself through %x",
                h, member);
    }

    public static SkbException alreadyListed(long member) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-FRAG-2", "frag_list add: skb %x is already on a frag_list; an skb "
                + "is on one chain at a time", member);
    }

    public static SkbException fragListTooDeep(long h, long member, int depth) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-FRAG-2", "frag_list add: skb %x under %x would nest frag_lists %d "
                + "deep; at most %d", member, h, depth, Kernel.MAX_FRAG_LIST_DEPTH);
    }

    /** A length or truesize that would pass its limit ({@link Kernel#MAX_SKB_LEN}, or the int range). */
    public static SkbException tooLong(String op, long h, String what, long value, long max) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-GEOM-2", "%s: skb %x %s would be %d, more than %d", op, h, what,
                value, max);
    }

    public static SkbException sharedExpand(String op, long h, int users) {
        return of(ErrorCode.SHARED_EXPAND, "I-DATA-6", "%s: skb %x has users %d; only its sole owner may replace "
                + "its head", op, h, users);
    }

    /** skb_try_coalesce of an skb into itself: one skb cannot be both the receiver and the consumed one. */
    public static SkbException coalesceSelf(long h) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-FRAG-5", "skb_try_coalesce: skb %x cannot be coalesced into "
                + "itself", h);
    }

    /** skb_try_coalesce consumes {@code from}, whose data may be stolen: only its sole owner may hand it over. */
    public static SkbException coalesceShared(long h, int users) {
        return of(ErrorCode.SHARED_EXPAND, "I-FRAG-5", "skb_try_coalesce: skb %x has users %d; only its sole "
                + "owner may hand it over to be consumed", h, users);
    }

    /** skb_segment's headers and mss: hdrLen inside the linear part, mss positive, a u16 count of segments. */
    public static SkbException segmentArgument(long h, int hdrLen, int mss, int headlen, long segments) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-SEG-5", "skb_segment: skb %x with hdrLen %d, mss %d (headlen %d, "
                + "%d segments): hdrLen must be in [0, headlen], mss > 0, at most %d segments", h, hdrLen, mss,
                headlen, segments, Kernel.GSO_MAX_SEGS);
    }

    /** skb_segment of an skb with a frag_list: refused rather than walked (specs/deviations.md). */
    public static SkbException segmentFragList(long h, int members) {
        return of(ErrorCode.SEGMENT_FRAG_LIST, "I-SEG-5", "skb_segment: skb %x has a frag_list of %d members; "
                + "its walk is not modelled", h, members);
    }

    public static SkbException expandNegative(String op, int nhead, int ntail) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-DATA-6", "%s: nhead %d, ntail %d must be >= 0", op, nhead, ntail);
    }

    public static SkbException newHeadTooLarge(String op, long size) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-GEOM-4", "%s: new head of %d bytes is too large", op, size);
    }

    // ---------------------------------------------------------------- zero-copy

    public static SkbException driverBufferSize(int size) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-ZCDRV-2", "init_zero_copy_buffer: size %d must exceed the %d-byte "
                + "header and be <= %d", size, Kernel.ZC_HEADER_SIZE, Kernel.ZC_MAX_BUFFER);
    }

    public static SkbException sliceRange(String op, long offset, long end, int size, long h) {
        return of(ErrorCode.ZC_SLICE_RANGE, "I-ZCDRV-2", "%s: [%d, %d) is empty, over the %d-byte header, or past "
                + "the %d-byte buffer %x", op, offset, end, Kernel.ZC_HEADER_SIZE, size, h);
    }

    public static SkbException sliceUnaligned(int offset) {
        return of(ErrorCode.ZC_SLICE_RANGE, "I-ZCDRV-2", "make_zero_copy_skb: offset %d is not on a %d-byte line",
                offset, Kernel.SMP_CACHE_BYTES);
    }

    public static SkbException sliceOverlap(int offset, long end, long h, int line) {
        return of(ErrorCode.ZC_SLICE_RANGE, "I-ZCDRV-2", "make_zero_copy_skb: [%d, %d) of buffer %x shares line %d "
                + "with a live slice", offset, end, h, line);
    }

    public static SkbException driverReleasedCarve(long h) {
        return of(ErrorCode.USE_AFTER_FREE, "I-ZCDRV-1", "make_zero_copy_skb: the driver released its reference on "
                + "buffer %x; it may not carve it", h);
    }

    public static SkbException driverDoubleRelease(long h, int refcount) {
        return of(ErrorCode.DOUBLE_FREE, "I-ZCDRV-1", "release driver buffer: the driver already released its "
                + "reference on %x (refcount %d)", h, refcount);
    }

    public static SkbException ubufCallerDropped(String op, long h) {
        return of(ErrorCode.USE_AFTER_FREE, "I-ZC-1", "%s: the caller already dropped its reference on ubuf %x", op,
                h);
    }

    public static SkbException ubufDoublePut(long h) {
        return of(ErrorCode.DOUBLE_FREE, "I-ZC-1", "net_zcopy_put: the caller already dropped its reference on "
                + "ubuf %x", h);
    }

    public static SkbException ubufExtend(long h, long id, long last, long zckey, boolean full) {
        return of(ErrorCode.UBUF_EXTEND, "I-ZC-5", "msg_zerocopy_realloc: ubuf %x covers ids %d..%d; the socket's "
                + "next id is %d%s", h, id, last, zckey, full ? " and the ubuf is full" : "");
    }

    public static SkbException ubufConflict(long skb, long other) {
        return of(ErrorCode.UBUF_CONFLICT, "I-ZC-1", "skb_zcopy_set: skb %x already points at ubuf %x; one shared "
                + "info holds one ubuf", skb, other);
    }

    public static SkbException orphanShared(String op, long h, int users) {
        return of(ErrorCode.ORPHAN_SHARED, "I-ZC-3", "%s: skb %x has zero-copy frags and users %d; skb_copy_ubufs "
                + "needs its sole owner", op, h, users);
    }

    // ---------------------------------------------------------------- caller objects and page flips

    public static SkbException wrongCache(long h, String owner, String cache) {
        return of(ErrorCode.WRONG_CACHE, "I-SLAB-6", "kmem_cache_free: object %x belongs to %s, not %s", h, owner,
                cache);
    }

    public static SkbException objectDoubleFree(long h, String cache) {
        return of(ErrorCode.DOUBLE_FREE, "I-SLAB-1", "kmem_cache_free: object %x of %s was already freed", h,
                cache);
    }

    public static SkbException flippedAway(long h, int domain) {
        return of(ErrorCode.PAGE_NOT_OWNED, "I-FLIP-1", "kmem_cache_free: object %x was flipped to domain %d; only "
                + "it may release it", h, domain);
    }

    public static SkbException heldBySkb(long h) {
        return of(ErrorCode.FREE_IN_USE, "I-SLAB-6", "kmem_cache_free: object %x holds an skb head; it is "
                + "released with its skb", h);
    }

    public static SkbException domainRange(String op, int domain) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-FLIP-1", "%s: domain %d outside [0, %d)", op, domain,
                SkbOps.MAX_DOMAINS);
    }

    public static SkbException notOwner(String op, long h, int owner, int domain) {
        return of(ErrorCode.PAGE_NOT_OWNED, "I-FLIP-1", "%s: object %x belongs to domain %d, not %d", op, h, owner,
                domain);
    }

    public static SkbException objectRange(long offset, long end, int size) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-SLAB-6", "write object: [%d, %d) outside the %d-byte object",
                offset, end, size);
    }

    public static SkbException notCacheHead(long h, HeadKind kind) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-FLIP-3", "data object: skb %x has a %s head, not a cache object",
                h, kind);
    }

    public static SkbException flipDomain(int domain) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-FLIP-3", "page flip: domain %d must be a remote domain in [1, %d)",
                domain, SkbOps.MAX_DOMAINS);
    }

    public static SkbException flipNotEligible(long h, String why) {
        return of(ErrorCode.FLIP_NOT_ELIGIBLE, "I-FLIP-3", "page flip: skb %x cannot be flipped: %s", h, why);
    }

    public static SkbException flippedReturned(long h) {
        return of(ErrorCode.DOUBLE_FREE, "I-FLIP-3", "release flipped page: object %x was already returned to its "
                + "cache", h);
    }

    public static SkbException notFlipped(long h) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-FLIP-3", "release flipped page: object %x was not flipped; free it "
                + "with kmem_cache_free", h);
    }

    // ---------------------------------------------------------------- page_pool (specs/pagepool.md)

    /** createPagePool with a pool_size outside 0 .. PAGE_POOL_MAX_SIZE (page_pool_init's -E2BIG). */
    public static SkbException poolCapacity(int capacity) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-PP-4", "page_pool_create: pool_size %d outside 0..%d", capacity,
                SkbOps.PAGE_POOL_MAX_SIZE);
    }

    /** A pool used after page_pool_destroy (dropping: destroyed twice). */
    public static SkbException poolDestroyed(String op, long pool, boolean dropping) {
        return of(dropping ? ErrorCode.DOUBLE_FREE : ErrorCode.USE_AFTER_FREE, "I-PP-4",
                "%s: page pool %x was destroyed", op, pool);
    }

    /** A pp operation on a page that belongs to no page pool. */
    public static SkbException notPoolPage(String op, long page) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-PP-1", "%s: page %x belongs to no page pool", op, page);
    }

    /** A pp reference dropped or handed over by a caller that holds none (structures own all of them). */
    public static SkbException noCallerPpReference(String op, long page, int ppRefs) {
        return of(ErrorCode.FREE_IN_USE, "I-PP-2", "%s: page %x pp_ref_count %d is all owned by structures; the "
                + "caller holds no pp reference", op, page, ppRefs);
    }

    /**
     * skb_mark_for_recycle of an skb whose frags or head on pool pages hold page references (a pskb_copy's, say):
     * its release would drop pp references it does not hold.
     */
    public static SkbException markWithPageReferences(long skb, long page) {
        return of(ErrorCode.INVALID_ARGUMENT, "I-PP-3", "skb_mark_for_recycle: skb %x holds pool page %x with a page "
                + "reference, which a pp release would not give back", skb, page);
    }
}
