package skbstress.impl.slab;

/**
 * The owner word of a visible cache object: which domain may touch it, in which role, and whether a page
 * flip is taking it away, in one {@code int} ({@link SlabCache#getOwnerAcquire} and the other owner
 * accessors; the memory order is named at each access, not here).
 *
 * <pre>
 *  31                          11   10     9    8 7                  0
 * +------------------------------+--------+------+--------------------+
 * |           (zero)             |FLIPPING| role |       domain       |
 * +------------------------------+--------+------+--------------------+
 * </pre>
 *
 * <p>Why one word: an access pins the object, then reads this word once to learn both that it may go on
 * (no FLIPPING) and for whom (the domain); a flip sets FLIPPING with a compare-and-set, so it cannot lose
 * a concurrent change of the rest, and publishes the new owner (role FLIPPED, the destination's domain)
 * with one release store. The role keeps a caller's object apart from an skb head, and a flipped page
 * apart from both, so that each is freed only by the operation meant for it. Domain 0 is the local one.
 */
public final class OwnerWord {
    private OwnerWord() {}

    private static final int DOMAIN_MASK = 0xff;
    private static final int ROLE_SHIFT = 8;
    private static final int ROLE_MASK = 0x3 << ROLE_SHIFT;
    /** Set while a flip revokes the source's access: every access through the handle is refused. */
    private static final int FLIPPING = 1 << 10;

    /** Roles. An skb's head (a cache object allocated for alloc_skb_from_cache). */
    public static final int ROLE_SKB = 0;
    /** A caller's object (kmem_cache_alloc). */
    public static final int ROLE_USER = 1 << ROLE_SHIFT;
    /** A page flipped to another domain (released with releaseFlipped only). */
    public static final int ROLE_FLIPPED = 2 << ROLE_SHIFT;

    /** The word a release leaves behind (role SKB, the local domain); the next allocation stores its own. */
    public static final int FREE = 0;

    public static int make(int role, int domain) {
        return role | domain;
    }

    public static int domain(int word) {
        return word & DOMAIN_MASK;
    }

    public static int role(int word) {
        return word & ROLE_MASK;
    }

    public static boolean flipping(int word) {
        return (word & FLIPPING) != 0;
    }

    /** The word with FLIPPING set, the rest kept (what a flip's revoke installs). */
    public static int withFlipping(int word) {
        return word | FLIPPING;
    }
}
