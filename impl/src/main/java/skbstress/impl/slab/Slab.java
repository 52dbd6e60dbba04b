package skbstress.impl.slab;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One slab: {@code count} objects of a cache, with their metadata beside them (never inside the
 * object, so freed objects keep their bytes): a life word (see {@link ObjectLife}), a free-list link,
 * an owner word, and an optional Java payload (a descriptor, a shared info, a page's counters).
 */
final class Slab {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    final int base;
    final int count;
    private final long[] life;
    private final int[] next;
    /** Owner word per object; see {@link OwnerWord}. */
    private final int[] owner;
    final Object[] payload;
    /** Object bytes, {@code alignedSize} apart; null for caches without bytes. */
    final byte[] bytes;

    /**
     * A new slab over {@code bytes} (already constructed, or null), its objects linked lowest first (the
     * last one's link is -1), each at life {@code firstLife} (free), and their payloads made. Plain
     * stores: the slab is this thread's until it is published.
     */
    Slab(int base, int count, byte[] bytes, long firstLife, SlabCache cache, PayloadFactory payloads) {
        this.base = base;
        this.count = count;
        this.life = new long[count];
        this.next = new int[count];
        this.owner = new int[count];
        this.payload = new Object[count];
        this.bytes = bytes;
        for (int k = 0; k < count; k++) {
            life[k] = firstLife;
            next[k] = k + 1 < count ? base + k + 1 : -1;
            if (payloads != null) {
                payload[k] = payloads.make(cache, base + k);
            }
        }
    }

    long getLifeAcquire(int slot) {
        return (long) LONGS.getAcquire(life, slot);
    }

    long getLifeVolatile(int slot) {
        return (long) LONGS.getVolatile(life, slot);
    }

    long getLifePlain(int slot) {
        return life[slot];
    }

    void setLifeRelease(int slot, long w) {
        LONGS.setRelease(life, slot, w);
    }

    boolean compareAndSetLife(int slot, long expected, long w) {
        return LONGS.compareAndSet(life, slot, expected, w);
    }

    long getAndAddLife(int slot, long delta) {
        return (long) LONGS.getAndAdd(life, slot, delta);
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

    int getOwnerVolatile(int slot) {
        return (int) INTS.getVolatile(owner, slot);
    }

    void setOwnerRelease(int slot, int w) {
        INTS.setRelease(owner, slot, w);
    }

    boolean compareAndSetOwner(int slot, int expected, int w) {
        return INTS.compareAndSet(owner, slot, expected, w);
    }
}
