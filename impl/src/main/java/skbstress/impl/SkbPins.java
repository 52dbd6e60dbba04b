package skbstress.impl;

/**
 * The pin word of an skb struct: which life it belongs to, and who is inside an operation on it.
 *
 * <pre>
 *  63                              32 31 30 29                                 0
 * +----------------------------------+--+--+------------------------------------+
 * |  life: the generation it pins    |0 |W |  readers (threads reading/cloning)  |
 * +----------------------------------+--+--+------------------------------------+
 * </pre>
 *
 * <p>Why: an operation other than get and free reads or edits the struct and its shared info for a
 * while; the struct must not be released (and reused) under it. Readers (clone, copies, views) add one;
 * an edit (put, push, frags, a new head, the destructor) sets W, and only when nobody else is inside:
 * the kernel lets one context edit an skb at a time, and an edit that meets another operation is refused
 * (CONCURRENT_USE, P-SKB-1) instead of corrupting it. A drop that claims the struct while someone is
 * inside leaves the release to the last one out ({@link SkbLife#DEFERRED}).
 *
 * <p>Why the life: a pin is taken only by a CAS that finds the handle's generation here, so a thread
 * with a stale handle can never pin (even for an instant) a later life of the struct, and can never make
 * its new owner's edit look concurrent. A new life stores its generation with no one inside
 * ({@link ImplConstructors#beginLife}); a stale pin still held on the dead struct is dropped with it.
 */
final class SkbPins {
    private SkbPins() {}

    static final int READER = 1;
    static final int WRITER = 1 << 30;
    private static final long LOW = 0xFFFF_FFFFL;

    static long make(int life, int low) {
        return ((long) life << 32) | (low & LOW);
    }

    static int life(long p) {
        return (int) (p >>> 32);
    }

    /** W and the readers: zero when nobody is inside. */
    static int inside(long p) {
        return (int) p;
    }

    static boolean writer(long p) {
        return (inside(p) & WRITER) != 0;
    }
}
