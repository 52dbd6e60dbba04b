package skbstress.impl.slab;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A cache's slab directory: slab number to {@link Slab}, grown by copy without a lock.
 *
 * <p><b>Growth protocol.</b> The directory is an array replaced by a longer copy when a slab number does not fit.
 * A publisher stores its slab into the array it read, then re-reads the directory: if it was replaced meanwhile,
 * it stores again into the new one. A copier, after its compare-and-set installed the copy, re-scans the old array
 * and moves forward every slab it gained since the copy. These growth-path accesses are all volatile, so they
 * fall in one total order: either the publisher's re-read sees the new directory, or the copier's re-scan sees
 * the publisher's slab (a Dekker pair). Between the copier's swap and its re-scan the new array may lack a slab
 * that the old one has and that a thread already uses: each directory keeps the one it replaced, and a lookup
 * that misses walks back through them and copies what it finds forward, as the copier would.
 *
 * <p>{@link SlabCache} extends it rather than holding one: a lookup through a handle is on every operation's
 * path, and one object less on it is one dependent load less.
 *
 * <p><b>Lookups</b> on the fast path are plain loads: an index reaches a thread only after its slab was
 * published (the depot's CAS, a magazine of this thread, or a handle handed over with a happens-before edge),
 * and a racy hand-off that sees null falls back to the acquire walk. Slabs never leave the directory.
 */
class SlabDirectory {
    private static final VarHandle SLABS = MethodHandles.arrayElementVarHandle(Slab[].class);
    private static final VarHandle DIR;

    static {
        try {
            DIR = MethodHandles.lookup().findVarHandle(SlabDirectory.class, "dir", Dir.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The longest directory this one may grow to (slab numbers are below it). */
    private final int maxSlabs;
    @SuppressWarnings("unused") // through DIR, and a plain read on the lookup fast path
    private Dir dir;

    SlabDirectory(int initialLength, int maxSlabs) {
        if (initialLength < 1 || maxSlabs < initialLength) {
            throw new IllegalArgumentException("directory of " + initialLength + " slabs, at most " + maxSlabs);
        }
        this.maxSlabs = maxSlabs;
        this.dir = new Dir(new Slab[initialLength], null);
    }

    /** Slab number {@code s}, or null when none was published under it. */
    Slab slabNumbered(int s) {
        Slab[] d = dir.slabs; // racy but benign: a stale or null read falls back to the acquire walk below
        Slab slab = s < d.length ? d[s] : null; // racy but benign: as the line above
        return slab != null ? slab : slabNumberedAcquire(s); // acquire: the ordered walk, for a miss
    }

    /**
     * acquire: pairs with publish's volatile stores of the directory and of the slab. A slab found only in an
     * older directory (its copier has not re-scanned yet) is copied forward here.
     */
    Slab slabNumberedAcquire(int s) {
        Dir now = (Dir) DIR.getAcquire(this); // acquire: pairs with the copier's CAS that installed it
        for (Dir d = now; d != null; d = d.prev) {
            // acquire: pairs with publish's volatile store of the slot, so the slab is seen whole
            Slab slab = s < d.slabs.length ? (Slab) SLABS.getAcquire(d.slabs, s) : null;
            if (slab != null) {
                if (d != now) {
                    // release: a CAS from null, as the copier's: whichever of the two writes first, the same slab
                    SLABS.compareAndSet(now.slabs, s, null, slab);
                }
                return slab;
            }
        }
        return null;
    }

    /** Puts slab number {@code n} (below maxSlabs) in the directory, growing it by copy when needed. */
    void publishSlab(int n, Slab s) {
        if (n < 0 || n >= maxSlabs) {
            throw new IllegalArgumentException("slab number " + n + " outside [0, " + maxSlabs + ")");
        }
        while (true) {
            Dir d = (Dir) DIR.getVolatile(this); // acquire: picks the array to act on; the CAS or re-check validates it
            if (n >= d.slabs.length) {
                Dir longer = new Dir(Arrays.copyOf(d.slabs, Math.min(maxSlabs, Math.max(n + 1, d.slabs.length * 2))), d);
                // release: installs the copy with its slots; volatile, the copier's half of the Dekker pair
                if (DIR.compareAndSet(this, d, longer)) {
                    for (int i = 0; i < d.slabs.length; i++) { // what the old array gained since the copy
                        // acquire: the copier's re-scan, after its CAS in the volatile total order
                        Slab late = (Slab) SLABS.getVolatile(d.slabs, i);
                        if (late != null) {
                            // release: a CAS from null: a lookup may have copied the same slab forward first
                            SLABS.compareAndSet(longer.slabs, i, null, late);
                        }
                    }
                }
                continue;
            }
            // release: publishes the slab's arrays to every thread that later learns one of its indices; volatile,
            // so it is ordered before the re-check below (the publisher's half of the Dekker pair)
            SLABS.setVolatile(d.slabs, n, s);
            if (DIR.getVolatile(this) == d) { // acquire: the re-check; a replaced directory means store again
                return;
            }
        }
    }

    /**
     * The slabs published, at quiescence: those of the newest directory, and those a publisher stored into a
     * directory its copier had already re-scanned (every lookup finds them through the older directory).
     */
    int slabsPublished() {
        Slab[] newest = ((Dir) DIR.getAcquire(this)).slabs; // acquire: read at quiescence, after every publish
        int n = 0;
        for (int s = 0; s < newest.length; s++) {
            n += newest[s] != null || slabNumberedAcquire(s) != null ? 1 : 0; // acquire: as the lookup's own walk
        }
        return n;
    }

    /** A slab directory and the shorter one it replaced (kept for lookups during the copier's re-scan). */
    private static final class Dir {
        final Slab[] slabs;
        final Dir prev;

        Dir(Slab[] slabs, Dir prev) {
            this.slabs = slabs;
            this.prev = prev;
        }
    }
}
