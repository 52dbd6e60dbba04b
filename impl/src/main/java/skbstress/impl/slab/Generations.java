package skbstress.impl.slab;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Generations: how a handle names one life of an object, and how a stale handle stays stale for the
 * life of the process.
 *
 * <p>Each cache of each instance starts its objects at a random even generation, its <em>base</em>. A
 * life takes the next odd generation; its death takes the next even one. A handle carries the odd
 * generation of its life, so it is live exactly while the object's generation equals it. Offsets from
 * the base order the generations of one object: a handle whose generation lies at or below the object's
 * current one was issued (now stale); one above it, or even, never was.
 *
 * <p>32 bits give an object 2^31 - 1 lives. When a life ends at the last even generation below the base
 * (offset 2^32 - 2), the object is <em>retired</em>: never handed out again, so no generation is ever
 * issued twice and every stale handle of it stays refused. A cache replaces what it retires by making
 * new objects (its index space, 2^22 objects, then wears out after some 2^53 lives; at that point it
 * reports EXHAUSTED, never a reused generation).
 *
 * <p>The random base also makes a handle of another instance name nothing here: it matches one of this
 * instance's generations with probability 2^-31, and is almost always above the current one (refused as
 * never issued).
 */
public final class Generations {
    private Generations() {}

    /** The last dead generation's offset: a life that ends there retires its object. */
    private static final long LAST_DEAD = 0xFFFF_FFFEL;

    /** A random even generation to start a cache's objects at. */
    public static int randomBase() {
        return ThreadLocalRandom.current().nextInt() & ~1;
    }

    private static long offset(int base, int gen) {
        return (gen - base) & 0xFFFF_FFFFL;
    }

    /** Whether {@code handleGen} was issued by an object whose generation is now {@code now}. */
    public static boolean issued(int base, int handleGen, int now) {
        return (handleGen & 1) != 0 && offset(base, handleGen) <= offset(base, now);
    }

    /** Whether an object whose life just ended at {@code deadGen} must be retired. */
    public static boolean retires(int base, int deadGen) {
        return offset(base, deadGen) >= LAST_DEAD;
    }

    /** The dead generation {@code lives} lives after the base: for tests that age an object to the edge. */
    public static int afterLives(int base, long lives) {
        return (int) (base + 2 * lives);
    }
}
