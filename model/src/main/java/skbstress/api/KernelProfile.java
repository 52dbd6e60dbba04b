package skbstress.api;

/**
 * Whose geometry an instance follows: how big a head buffer is, where {@code end} falls in it, what
 * {@code truesize} charges, and where dev_alloc_skb takes its head from (specs/geometry.md, I-GEOM-5..7).
 * Lifetime rules (users, dataref, fclone_ref, page and ubuf references) are the same in every profile.
 *
 * <p>Both profiles share the structure sizes of {@link Kernel} (an aligned {@code struct sk_buff} of 256
 * bytes, a shared info of 320) and its kmalloc classes (powers of two, which is what every kernel gives a
 * head: a head of any profile asks for at least 320 bytes, past kmalloc-96 and kmalloc-192).
 */
public enum KernelProfile {
    /**
     * Linux 6.12 LTS (6.12.17 and later; x86-64 defconfig: 64-byte lines, 4 KiB pages, 17 frags). kmalloc_reserve
     * asks for SKB_HEAD_ALIGN(size); the whole object is used, so the bucket's slack becomes tailroom: end =
     * SKB_WITH_OVERHEAD(object). Heads of up to 704 bytes come from the skbuff_small_head cache.
     * truesize = SKB_TRUESIZE(end) counts the aligned struct and shared info. dev_alloc_skb takes a page
     * fragment of SKB_HEAD_ALIGN(len + NET_SKB_PAD) unless that length is at most 384 or above 3776.
     */
    LINUX_6_12("Linux 6.12 (x86-64)", 64, 0) {
        @Override
        public boolean smallHead(int size) {
            return headRequest(size) <= SMALL_HEAD_CACHE_SIZE;
        }

        @Override
        public int end(int size) {
            return Kernel.skbWithOverhead(headObjectSize(size));
        }

        @Override
        public int truesize(int end) {
            return Kernel.skbTruesize(end);
        }

        @Override
        public boolean devAllocPageFrag(int len) {
            return len > Kernel.skbWithOverhead(SMALL_HEAD_CACHE_SIZE) && len <= Kernel.skbWithOverhead(Kernel.PAGE_SIZE);
        }

        /** 4 KiB pages: NAPI_HAS_SMALL_PAGE_FRAG, so short heads take a 1 KiB fragment; past a page, __alloc_skb. */
        @Override
        public int napiFragSize(int len) {
            if (len > Kernel.skbWithOverhead(Kernel.PAGE_SIZE)) {
                return 0;
            }
            return len <= Kernel.skbWithOverhead(NAPI_SMALL_FRAG_SIZE) ? NAPI_SMALL_FRAG_SIZE : headRequest(len);
        }
    },
    /**
     * The seed documents' era (Linux 2.6): kmalloc(SKB_DATA_ALIGN(size) + shared info), end =
     * SKB_DATA_ALIGN(size) whatever the bucket's slack, truesize = end + sizeof(struct sk_buff) without the
     * shared info; NET_SKB_PAD 16 and NET_IP_ALIGN 2; every head from kmalloc.
     */
    SEED_2_6("Linux 2.6 (the seed documents)", 16, 2) {
        @Override
        public boolean smallHead(int size) {
            return false;
        }

        @Override
        public int end(int size) {
            return Kernel.skbDataAlign(size);
        }

        @Override
        public int truesize(int end) {
            return end + Kernel.SKB_STRUCT_SIZE;
        }

        @Override
        public boolean devAllocPageFrag(int len) {
            return false;
        }

        @Override
        public int napiFragSize(int len) {
            return 0;
        }
    };

    /** SZ_1K: napi_alloc_skb's small page fragment (page_frag_alloc_1k) where pages are 4 KiB. */
    public static final int NAPI_SMALL_FRAG_SIZE = 1024;

    /**
     * Bytes of a skbuff_small_head object in 6.12.17+: SKB_HEAD_ALIGN(max(MAX_TCP_HEADER, GRO_MAX_HEAD_PAD)) =
     * 384 + 320, not a power of two, so a small head is told from a kmalloc one by its end (384).
     */
    public static final int SMALL_HEAD_CACHE_SIZE = 704;

    private final String kernel;
    private final int netSkbPad;
    private final int netIpAlign;

    KernelProfile(String kernel, int netSkbPad, int netIpAlign) {
        this.kernel = kernel;
        this.netSkbPad = netSkbPad;
        this.netIpAlign = netIpAlign;
    }

    /** The kernel this profile follows, for reports. */
    public String kernel() {
        return kernel;
    }

    /** NET_SKB_PAD: the headroom dev_alloc_skb reserves. */
    public int netSkbPad() {
        return netSkbPad;
    }

    /** NET_IP_ALIGN: the extra headroom netdev_alloc_skb_ip_align reserves (0 on x86, where unaligned loads are cheap). */
    public int netIpAlign() {
        return netIpAlign;
    }

    /** Whether a head for {@code size} data bytes comes from the small-head cache. */
    public abstract boolean smallHead(int size);

    /** The {@code end} offset of a new head for {@code size} data bytes (0 <= size, within {@link Kernel#KMALLOC_MAX_SIZE}). */
    public abstract int end(int size);

    /** truesize of an skb whose head has {@code end} data bytes. */
    public abstract int truesize(int end);

    /** Whether dev_alloc_skb of {@code len} bytes (NET_SKB_PAD included) takes a page-fragment head. */
    public abstract boolean devAllocPageFrag(int len);

    /**
     * napi_alloc_skb's head for {@code len} bytes (NET_SKB_PAD + NET_IP_ALIGN included): the size of the page
     * fragment it wraps (napi_build_skb), or 0 when the head comes from __alloc_skb (kmalloc_reserve).
     */
    public abstract int napiFragSize(int len);

    /** Bytes kmalloc_reserve asks for: SKB_HEAD_ALIGN(size) = SKB_DATA_ALIGN(size) + SKB_DATA_ALIGN(shared info). */
    public static int headRequest(int size) {
        return Kernel.skbHeadBufferSize(size);
    }

    /** Bytes of the object a head for {@code size} data bytes takes: its small-head or kmalloc object. */
    public int headObjectSize(int size) {
        return smallHead(size) ? SMALL_HEAD_CACHE_SIZE : 1 << (SkbOps.KMALLOC_MIN_SHIFT + Kernel.kmallocClass(headRequest(size)));
    }

    /** The built-in cache a head for {@code size} data bytes comes from. */
    public int headCache(int size) {
        return smallHead(size) ? SkbOps.SMALL_HEAD_CACHE : SkbOps.FIRST_KMALLOC_CACHE + Kernel.kmallocClass(headRequest(size));
    }
}
