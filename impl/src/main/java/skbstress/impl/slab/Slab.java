package skbstress.impl.slab;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One slab: {@code count} objects of a cache, with their metadata beside them (never inside the
 * object, so freed objects keep their bytes): generation, free-list link, owner word, and an optional
 * Java payload (a descriptor, a shared info, a page's counters).
 */
final class Slab {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    final int base;
    final int count;
    /** Odd while allocated, even while free; see {@link HandleWord}. */
    private final int[] gen;
    private final int[] next;
    /** Owner word per object; see {@link SlabCache#ownerWord}. */
    private final int[] owner;
    final Object[] payload;
    /** Object bytes, {@code alignedSize} apart; null for caches without bytes. */
    final byte[] bytes;

    /**
     * A new slab, its objects linked lowest first (the last one's link is -1) and their payloads made.
     * Plain stores: the slab is this thread's until it is published.
     */
    Slab(int base, int count, int alignedSize, boolean hasBytes, SlabCache cache, PayloadFactory payloads) {
        this.base = base;
        this.count = count;
        this.gen = new int[count];
        this.next = new int[count];
        this.owner = new int[count];
        this.payload = new Object[count];
        this.bytes = hasBytes ? new byte[count * alignedSize] : null;
        for (int k = 0; k < count; k++) {
            next[k] = k + 1 < count ? base + k + 1 : -1;
            if (payloads != null) {
                payload[k] = payloads.make(cache, base + k);
            }
        }
    }

    int getGenAcquire(int slot) {
        return (int) INTS.getAcquire(gen, slot);
    }

    int getGenPlain(int slot) {
        return gen[slot];
    }

    void setGenRelease(int slot, int g) {
        INTS.setRelease(gen, slot, g);
    }

    boolean compareAndSetGen(int slot, int expected, int g) {
        return INTS.compareAndSet(gen, slot, expected, g);
    }

    int getNextOpaque(int slot) {
        return (int) INTS.getOpaque(next, slot);
    }

    void setNextOpaque(int slot, int n) {
        INTS.setOpaque(next, slot, n);
    }

    int getOwnerAcquire(int slot) {
        return (int) INTS.getAcquire(owner, slot);
    }

    void setOwnerRelease(int slot, int w) {
        INTS.setRelease(owner, slot, w);
    }

    boolean compareAndSetOwner(int slot, int expected, int w) {
        return INTS.compareAndSet(owner, slot, expected, w);
    }

    int getAndAddOwner(int slot, int delta) {
        return (int) INTS.getAndAdd(owner, slot, delta);
    }
}
