package skbstress.api;

/**
 * Kernel constants and size macros that the model and every implementation share.
 *
 * <p>Sizes are those of a typical x86-64 build (64-byte cache lines, 4 KiB pages). The two structure
 * sizes are parameters of the model, not facts every kernel agrees on: they only feed {@code truesize}
 * and the head buffer layout, never a lifetime rule.
 */
public final class Kernel {
    private Kernel() {}

    /** SMP_CACHE_BYTES / L1_CACHE_BYTES. */
    public static final int SMP_CACHE_BYTES = 64;
    public static final int PAGE_SIZE = 4096;
    /** NET_SKB_PAD = max(32, L1_CACHE_BYTES). */
    public static final int NET_SKB_PAD = Math.max(32, SMP_CACHE_BYTES);
    public static final int NET_IP_ALIGN = 2;
    /** MAX_SKB_FRAGS = max(16, 65536 / PAGE_SIZE + 1). */
    public static final int MAX_SKB_FRAGS = Math.max(16, 65536 / PAGE_SIZE + 1);
    /** sizeof(struct sk_buff) on a typical x86-64 build. */
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

    /** ALIGN(x, a) for a power-of-two a. */
    public static int align(int x, int a) {
        return (x + a - 1) & -a;
    }
}
