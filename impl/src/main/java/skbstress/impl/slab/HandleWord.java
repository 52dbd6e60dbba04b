package skbstress.impl.slab;

/**
 * The implementation's handles: one {@code long} that names an object of a cache at one generation.
 *
 * <pre>
 *  63                              32 31   29 28        22 21                        0
 * +----------------------------------+-------+------------+--------------------------+
 * |            generation            | kind  |   cache    |          index           |
 * +----------------------------------+-------+------------+--------------------------+
 * </pre>
 *
 * <p>Why a generation: an object freed and handed out again gets the next odd generation, so a handle
 * kept from its earlier life no longer matches and its use is refused (stale, not live). Generations
 * are odd while the object is allocated and even while it is free, so a handle always has an odd one;
 * {@code 0} is never a valid handle. An object never reuses a generation ({@link Generations}: it retires
 * first), and each cache starts at a random one, so a handle of another instance names nothing here.
 * Kind keeps handles of different things apart; cache and index locate the object without a lookup
 * table.
 */
public final class HandleWord {
    private HandleWord() {}

    public static final int INDEX_BITS = 22;
    public static final int CACHE_BITS = 7;
    public static final int KIND_BITS = 3;
    public static final int MAX_INDEX = (1 << INDEX_BITS) - 1;
    public static final int MAX_CACHES = 1 << CACHE_BITS;

    private static final int CACHE_SHIFT = INDEX_BITS;
    private static final int KIND_SHIFT = INDEX_BITS + CACHE_BITS;

    /** Kinds. A page pool (kind 0: the eight kinds are taken; pools live in an internal cache of their own). */
    public static final int POOL = 0;
    public static final int OBJECT = 1;
    public static final int SKB = 2;
    /** skb2 of a fast-clone pair (the index is the pair's). */
    public static final int SKB2 = 3;
    public static final int PAGE = 4;
    public static final int DRIVER_BUFFER = 5;
    public static final int UBUF = 6;
    public static final int SOCKET = 7;

    public static long make(int generation, int kind, int cache, int index) {
        return ((long) generation << 32) | ((long) kind << KIND_SHIFT) | ((long) cache << CACHE_SHIFT) | index;
    }

    public static int generation(long h) {
        return (int) (h >>> 32);
    }

    public static int kind(long h) {
        return (int) (h >>> KIND_SHIFT) & ((1 << KIND_BITS) - 1);
    }

    public static int cache(long h) {
        return (int) (h >>> CACHE_SHIFT) & ((1 << CACHE_BITS) - 1);
    }

    public static int index(long h) {
        return (int) h & MAX_INDEX;
    }

    /** Generations are odd while allocated. */
    public static boolean allocated(int generation) {
        return (generation & 1) != 0;
    }
}
