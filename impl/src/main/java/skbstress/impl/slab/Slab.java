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

    /**
     * acquire: pairs with alloc's release store and the CASes and RMWs of the word; the pin and claim loops it seeds
     * re-validate it by CAS, and a refusal decided on it reads nothing of the object.
     */
    long getLifeAcquire(int slot) {
        return (long) LONGS.getAcquire(life, slot);
    }

    /**
     * acquire: volatile, the flipper's read of the pins after its FLIPPING CAS of the owner word; against access()'s
     * pin CAS then volatile owner read (a Dekker pair), one of the two sees the other.
     */
    long getLifeVolatile(int slot) {
        return (long) LONGS.getVolatile(life, slot);
    }

    long getLifePlain(int slot) {
        return life[slot];
    }

    /**
     * release: alloc opens a life with it, so a stale pinner that reads it sees the new generation; a holder of the
     * new handle is ordered after it by the handle's hand-off anyway (ageForTest is a test hook).
     */
    void setLifeRelease(int slot, long w) {
        LONGS.setRelease(life, slot, w);
    }

    /**
     * acquire and release: a pin checks the generation and enters at once, ordered after the life's opening; a claim
     * ends the life once and reads every earlier pin; a lost CAS re-reads.
     */
    boolean compareAndSetLife(int slot, long expected, long w) {
        return LONGS.compareAndSet(life, slot, expected, w);
    }

    /**
     * acquire and release: an unpin orders the operation's accesses before the release, and the last unpinner (who
     * releases) reads the claim and every other unpin first.
     */
    long getAndAddLife(int slot, long delta) {
        return (long) LONGS.getAndAdd(life, slot, delta);
    }

    /**
     * racy but benign: worst case is a link changed by a pop and re-push after the reader's acquire read of the
     * depot's head, which fails the tagged head CAS; the pushed link itself is ordered by that head's CAS.
     */
    int getNextOpaque(int slot) {
        return (int) INTS.getOpaque(next, slot);
    }

    /**
     * release: by the depot head's compare-and-set that follows it (pushChain), which publishes the link to a
     * popper's acquire read of the head; until then only the storing thread reaches the object.
     */
    void setNextOpaque(int slot, int n) {
        INTS.setOpaque(next, slot, n);
    }

    /**
     * acquire: pairs with the owner word's release stores; its readers decide on the word's own bits and act through
     * CASes (claim, revoke) that re-validate what they change.
     */
    int getOwnerAcquire(int slot) {
        return (int) INTS.getAcquire(owner, slot);
    }

    /**
     * acquire: volatile, access()'s read after its pin CAS; against the flipper's FLIPPING CAS then volatile read of
     * the pins (a Dekker pair), one of the two sees the other.
     */
    int getOwnerVolatile(int slot) {
        return (int) INTS.getVolatile(owner, slot);
    }

    /**
     * release: publishes a flip's scrub and packet fields with the new owner to the destination's access(); the
     * other stores (alloc's role, the release hook's FREE) precede a hand-off that publishes them anyway.
     */
    void setOwnerRelease(int slot, int w) {
        INTS.setRelease(owner, slot, w);
    }

    /**
     * acquire and release: the revoke's FLIPPING, set without losing a concurrent change of the word; volatile, the
     * flipper's store half of the Dekker pair with access().
     */
    boolean compareAndSetOwner(int slot, int expected, int w) {
        return INTS.compareAndSet(owner, slot, expected, w);
    }
}
