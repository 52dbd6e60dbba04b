package skbstress.api;

/**
 * Sizes of the built-in caches, and the kernel whose geometry an instance follows. A capacity of 0 means
 * unbounded (grows by slabs); a positive value bounds the cache, and its exhaustion is the result
 * {@link ErrorCode#EXHAUSTED}. {@code kmallocCapacity} bounds every head-buffer cache (each kmalloc class and
 * skbuff_small_head).
 */
public record SkbConfig(int headCacheCapacity, int fcloneCacheCapacity, int kmallocCapacity, int pageCapacity,
        KernelProfile profile) {
    /** Unbounded caches, the named kernel's geometry ({@link KernelProfile#LINUX_6_12}). */
    public static final SkbConfig UNBOUNDED = new SkbConfig(0, 0, 0, 0);
    /** Unbounded caches, the seed documents' geometry ({@link KernelProfile#SEED_2_6}). */
    public static final SkbConfig SEED = UNBOUNDED.withProfile(KernelProfile.SEED_2_6);

    /** Capacities with the named kernel's geometry. */
    public SkbConfig(int headCacheCapacity, int fcloneCacheCapacity, int kmallocCapacity, int pageCapacity) {
        this(headCacheCapacity, fcloneCacheCapacity, kmallocCapacity, pageCapacity, KernelProfile.LINUX_6_12);
    }

    public SkbConfig withProfile(KernelProfile p) {
        return new SkbConfig(headCacheCapacity, fcloneCacheCapacity, kmallocCapacity, pageCapacity, p);
    }

    public SkbConfig {
        if (profile == null) {
            throw new IllegalArgumentException("profile must not be null");
        }
        if (headCacheCapacity < 0 || fcloneCacheCapacity < 0 || kmallocCapacity < 0 || pageCapacity < 0) {
            throw new IllegalArgumentException("capacities must be >= 0 (0 = unbounded)");
        }
        // bounded caches make every object up front: each must fit (the largest kmalloc class is the limit)
        if (!Kernel.boundedCacheFits(headCacheCapacity, Kernel.skbDataAlign(Kernel.SKB_STRUCT_SIZE))
                || !Kernel.boundedCacheFits(fcloneCacheCapacity, Kernel.skbDataAlign(Kernel.FCLONES_SIZE))
                || !Kernel.boundedCacheFits(kmallocCapacity, Kernel.KMALLOC_MAX_SIZE)
                || !Kernel.boundedCacheFits(pageCapacity, Kernel.PAGE_SIZE)) {
            throw new IllegalArgumentException(String.format("capacities %d, %d, %d, %d: a bounded cache holds at "
                    + "most %d bytes of objects", headCacheCapacity, fcloneCacheCapacity, kmallocCapacity,
                    pageCapacity, Kernel.MAX_BOUNDED_CACHE_BYTES));
        }
    }
}
