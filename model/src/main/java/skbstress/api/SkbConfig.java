package skbstress.api;

/**
 * Sizes of the built-in caches. 0 means unbounded (grows by slabs); a positive value bounds the cache, and
 * its exhaustion is the result {@link ErrorCode#EXHAUSTED}.
 */
public record SkbConfig(int headCacheCapacity, int fcloneCacheCapacity, int kmallocCapacity, int pageCapacity) {
    public static final SkbConfig UNBOUNDED = new SkbConfig(0, 0, 0, 0);

    public SkbConfig {
        if (headCacheCapacity < 0 || fcloneCacheCapacity < 0 || kmallocCapacity < 0 || pageCapacity < 0) {
            throw new IllegalArgumentException("capacities must be >= 0 (0 = unbounded)");
        }
    }
}
