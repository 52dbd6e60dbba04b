package skbstress.impl.slab;

/**
 * The life word of a slab object that callers name by handle: its generation, the threads inside an
 * operation on it, and whether its release waits for them.
 *
 * <pre>
 *  63                 32 31                            1   0
 * +---------------------+-------------------------------+---+
 * |     generation      |  pins (threads inside an op)  | D |
 * +---------------------+-------------------------------+---+
 * </pre>
 *
 * <p>Why one word: an operation through a handle first <em>pins</em> the object with a CAS that also
 * checks the handle's generation, so a stale handle can never touch a later life, and no object is
 * released under a thread that is using it. The decision to release (a refcount reaching 0, a free)
 * <em>claims</em> the object: one CAS moves the generation to the next even value (every handle of
 * the life is stale from then on) and, if threads are still inside, sets D; the last of them to unpin
 * then does the release. See {@link Generations} for generations.
 */
public final class ObjectLife {
    private ObjectLife() {}

    public static final long PIN = 2;
    public static final long DEFERRED = 1;
    private static final long PINS_MASK = 0xFFFF_FFFEL;

    public static long make(int gen, long pins, boolean deferred) {
        return ((long) gen << 32) | (pins * PIN) | (deferred ? DEFERRED : 0);
    }

    public static int gen(long w) {
        return (int) (w >>> 32);
    }

    public static long pins(long w) {
        return (w & PINS_MASK) >>> 1;
    }

    public static boolean deferred(long w) {
        return (w & DEFERRED) != 0;
    }

    public static boolean alive(long w) {
        return (gen(w) & 1) != 0;
    }
}
