package skbstress.api;

/**
 * Kernel constants and size macros that the model and every implementation share, in every
 * {@link KernelProfile} (what differs between kernels, NET_SKB_PAD among it, is there).
 *
 * <p>Sizes are those of an x86-64 build (64-byte cache lines, 4 KiB pages, 17 frags). The two structure
 * sizes are parameters of the model, not facts every kernel agrees on: they only feed {@code truesize}
 * and the head buffer layout, never a lifetime rule.
 */
public final class Kernel {
    private Kernel() {}

    /** SMP_CACHE_BYTES / L1_CACHE_BYTES. */
    public static final int SMP_CACHE_BYTES = 64;
    public static final int PAGE_SIZE = 4096;
    /** MAX_SKB_FRAGS = max(16, 65536 / PAGE_SIZE + 1). */
    public static final int MAX_SKB_FRAGS = Math.max(16, 65536 / PAGE_SIZE + 1);
    /** sizeof(struct sk_buff) on an x86-64 build (224 to 232 bytes; 256 once SKB_DATA_ALIGNed, as 6.12's truesize charges). */
    public static final int SKB_STRUCT_SIZE = 232;
    /** sizeof(struct skb_shared_info) on a typical x86-64 build (17 frags). */
    public static final int SHINFO_SIZE = 320;
    /** sizeof(struct sk_buff_fclones): [skb1][skb2][fclone_ref]. */
    public static final int FCLONES_SIZE = 2 * SKB_STRUCT_SIZE + 4;
    /** The largest kmalloc size class the model has; a head buffer must fit in it. */
    public static final int KMALLOC_MAX_SIZE = 1 << 17;
    /** Bytes at the start of a zero-copy driver buffer that hold its shared header (refcount, free function). */
    public static final int ZC_HEADER_SIZE = SMP_CACHE_BYTES;
    /** Largest zero-copy driver buffer the model accepts. */
    public static final int ZC_MAX_BUFFER = 1 << 20;
    /** Largest object a cache may hold. */
    public static final int MAX_OBJECT_SIZE = KMALLOC_MAX_SIZE;
    /** Bytes in one slab; see {@link #objectsPerSlab}. */
    public static final int SLAB_BYTES = 8 * PAGE_SIZE;
    /**
     * Most objects one cache makes: the index field of an implementation's handle (22 bits), and at most
     * {@link #MAX_CACHE_BYTES} of objects. An unbounded cache stops growing there (EXHAUSTED).
     */
    public static final int MAX_CACHE_OBJECTS = 1 << 22;
    public static final long MAX_CACHE_BYTES = 1L << 30;
    /** Most caches one instance has, built-in ones included (the cache field of a handle: 7 bits). */
    public static final int MAX_CACHES = 128;
    /** A bounded cache makes all its objects when it is created, so its capacity is held to this many bytes. */
    public static final long MAX_BOUNDED_CACHE_BYTES = 1L << 28;
    /**
     * Deepest frag_list nesting (a member with a frag_list of its own is one level down). A limit of the
     * model, not of the kernel: it keeps every walk of a frag_list tree (release, copy, reading) shallow.
     */
    public static final int MAX_FRAG_LIST_DEPTH = 32;
    /**
     * Largest {@code len} (and {@code truesize}) of an skb. Members shared by several frag_lists can double
     * a parent's length at every level; the limit keeps lengths in an int and a copy of the data in memory.
     */
    public static final int MAX_SKB_LEN = 1 << 24;

    /** GSO_MAX_SEGS: gso_segs is a u16, so no GSO skb is cut into more segments (include/linux/netdevice.h). */
    public static final int GSO_MAX_SEGS = 65535;
    /** Entries each log keeps (free functions, destructors, completions, warnings); older ones are counted. */
    public static final int LOG_CAPACITY = 4096;

    /** SKB_DATA_ALIGN(x) = ALIGN(x, SMP_CACHE_BYTES). */
    public static int skbDataAlign(int x) {
        return align(x, SMP_CACHE_BYTES);
    }

    /** Bytes one head buffer needs for {@code size} bytes of data: aligned data plus aligned shared info. */
    public static int skbHeadBufferSize(int size) {
        return skbDataAlign(size) + skbDataAlign(SHINFO_SIZE);
    }

    /** SKB_WITH_OVERHEAD(x): usable data bytes of an x-byte head buffer. */
    public static int skbWithOverhead(int x) {
        return x - skbDataAlign(SHINFO_SIZE);
    }

    /** SKB_TRUESIZE(x) = x + SKB_DATA_ALIGN(sizeof(sk_buff)) + SKB_DATA_ALIGN(sizeof(shinfo)). */
    public static int skbTruesize(int x) {
        return x + skbDataAlign(SKB_STRUCT_SIZE) + skbDataAlign(SHINFO_SIZE);
    }

    /** Index of the kmalloc class (0 = kmalloc-64) that holds {@code bytes}, or -1 when none is big enough. */
    public static int kmallocClass(int bytes) {
        if (bytes > KMALLOC_MAX_SIZE) {
            return -1;
        }
        int shift = Math.max(6, 32 - Integer.numberOfLeadingZeros(Math.max(1, bytes) - 1));
        return shift - 6;
    }

    /**
     * Objects in one slab of a cache whose objects take {@code alignedSize} bytes: the largest power of
     * two that fits in SLAB_BYTES (at least 1). A power of two, so an object index splits into slab and
     * slot with a shift.
     */
    public static int objectsPerSlab(int alignedSize) {
        return Math.max(1, Integer.highestOneBit(SLAB_BYTES / alignedSize));
    }

    /**
     * The bits of a page's 64-bit head map that a fragment [offset, offset + size) covers: one bit per
     * SMP_CACHE_BYTES of the page (4096 / 64 = 64 bits).
     */
    public static long pageUnits(int offset, int size) {
        int first = offset / SMP_CACHE_BYTES;
        int last = (offset + size - 1) / SMP_CACHE_BYTES;
        int n = last - first + 1;
        return (n >= 64 ? -1L : (1L << n) - 1) << first;
    }

    /** Objects a cache of {@code alignedSize}-byte objects may make in all (see {@link #MAX_CACHE_OBJECTS}). */
    public static int maxObjects(int alignedSize) {
        return (int) Math.min(MAX_CACHE_OBJECTS, MAX_CACHE_BYTES / alignedSize);
    }

    /** Whether a bounded cache of {@code capacity} objects of {@code alignedSize} bytes may be made. */
    public static boolean boundedCacheFits(int capacity, int alignedSize) {
        return (long) capacity * alignedSize <= MAX_BOUNDED_CACHE_BYTES && capacity <= maxObjects(alignedSize);
    }

    /** ALIGN(x, a) for a power-of-two a, in a long: no overflow for any int x >= 0. */
    public static long alignLong(int x, int a) {
        return ((long) x + a - 1) & -a;
    }

    /** ALIGN(x, a) for a power-of-two a. */
    public static int align(int x, int a) {
        return (x + a - 1) & -a;
    }
}
