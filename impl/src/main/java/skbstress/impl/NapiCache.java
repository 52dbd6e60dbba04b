package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import skbstress.api.SkbOps;

/**
 * One CPU's struct napi_alloc_cache: a stack of head-cache struct indices and its count, used by one thread at
 * a time. The kernel has that for free (the CPU's BH-disabled section); here a thread takes the cache with a
 * compare-and-set of the owner word from 0 to 1 and gives it back with a release store of 0. A thread that
 * finds it taken never waits: it uses the ordinary slab path (ImplNapi). {@code structs} and {@code count}
 * are plain: only the owner touches them, and the owner word orders one owner's accesses before the next's.
 */
final class NapiCache {
    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(NapiCache.class, "owner", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through OWNER
    private int owner;
    /** skb_cache: head-cache indices of dead structs; [0, count) are held, the top is count - 1. */
    final int[] structs = new int[SkbOps.NAPI_SKB_CACHE_SIZE];
    /** skb_count. */
    int count;

    /**
     * Takes the cache. Acquire: a volatile compare-and-set, so at most one thread holds it, and the last owner's
     * writes to {@code structs} and {@code count}, published by its {@link #setOwnerRelease}, are seen.
     */
    boolean compareAndSetOwner() {
        return OWNER.compareAndSet(this, 0, 1);
    }

    /** Gives the cache back. Release: this owner's writes happen before the next owner's successful take. */
    void setOwnerRelease() {
        OWNER.setRelease(this, 0);
    }

    /** The count as the last owner left it, at quiescence. Acquire: the owner word pairs with its release. */
    int countAcquire() {
        OWNER.getAcquire(this);
        return count;
    }
}
