package skbstress.lincheck;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The references each scenario thread holds, and a shared pool through which references change hands.
 * This is test bookkeeping, not the code under test: the scenarios tell Lincheck's model checker to treat
 * its methods as atomic, so they add no interleavings of their own.
 *
 * <p>Thread ids are Lincheck's: 0 for the initial part, 1..n for the parallel threads, n + 1 for the
 * final part. A thread's stack is touched only by that thread (the parts before and after the parallel
 * one happen-before and -after it); the pool is shared, so its slots are atomic.
 */
public final class Holdings {
    /** No handle. Handles of both sides are never this value. */
    public static final long NONE = Long.MIN_VALUE;

    private final long[][] stacks;
    private final int[] sizes;
    private final long[] lastFreed;
    private final AtomicLongArray pool;

    public Holdings(int threadIds, int perThread, int poolSlots) {
        stacks = new long[threadIds][perThread];
        sizes = new int[threadIds];
        lastFreed = new long[threadIds];
        java.util.Arrays.fill(lastFreed, NONE);
        pool = new AtomicLongArray(poolSlots);
        for (int i = 0; i < poolSlots; i++) {
            pool.set(i, NONE);
        }
    }

    public boolean full(int t) {
        return sizes[t] == stacks[t].length;
    }

    /** Pushes a reference thread {@code t} now holds; false (nothing changed) when its stack is full. */
    public boolean push(int t, long h) {
        if (full(t)) {
            return false;
        }
        stacks[t][sizes[t]++] = h;
        return true;
    }

    /** The top reference of thread {@code t}, or {@link #NONE}. */
    public long peek(int t) {
        return sizes[t] == 0 ? NONE : stacks[t][sizes[t] - 1];
    }

    /** Removes and returns the top reference of thread {@code t}, or {@link #NONE}. */
    public long pop(int t) {
        return sizes[t] == 0 ? NONE : stacks[t][--sizes[t]];
    }

    /** Removes and returns the bottom (oldest) reference of thread {@code t}, or {@link #NONE}. */
    public long popOldest(int t) {
        if (sizes[t] == 0) {
            return NONE;
        }
        long h = stacks[t][0];
        System.arraycopy(stacks[t], 1, stacks[t], 0, --sizes[t]);
        return h;
    }

    /** Remembers what thread {@code t} freed last, for a second free through the same handle. */
    public void freed(int t, long h) {
        lastFreed[t] = h;
    }

    public long lastFreed(int t) {
        return lastFreed[t];
    }

    /**
     * Offers a reference to any thread in pool slot {@code slot}; false (nothing changed) when the slot is
     * taken. Each slot is one atomic word, so a post and a take are each one linearizable step.
     */
    public boolean post(int slot, long h) {
        return pool.compareAndSet(slot, NONE, h);
    }

    /** Keeps a reference in the first free pool slot (one CAS each); false when every slot is taken. */
    public boolean postAny(long h) {
        for (int i = 0; i < pool.length(); i++) {
            if (post(i, h)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves thread {@code t}'s newest reference to pool slot {@code slot}: "ok", "none" when it holds
     * nothing, or "slot taken" (and it keeps the reference).
     */
    public String handOff(int t, int slot) {
        long h = pop(t);
        if (h == NONE) {
            return "none";
        }
        if (!post(slot, h)) {
            push(t, h);
            return "slot taken";
        }
        return "ok";
    }

    /** Takes the reference in pool slot {@code slot}, or {@link #NONE}. */
    public long take(int slot) {
        return pool.getAndSet(slot, NONE);
    }

    public int poolSlots() {
        return pool.length();
    }

    /** References held or pooled, at quiescence; nothing changes. */
    public int count() {
        int n = 0;
        for (int s : sizes) {
            n += s;
        }
        for (int i = 0; i < pool.length(); i++) {
            n += pool.get(i) == NONE ? 0 : 1;
        }
        return n;
    }

    /** Every reference still held or pooled, once each (at quiescence), emptying the holdings. */
    public long[] drain() {
        int n = 0;
        for (int s : sizes) {
            n += s;
        }
        long[] out = new long[n + pool.length()];
        int k = 0;
        for (int t = 0; t < stacks.length; t++) {
            while (sizes[t] > 0) {
                out[k++] = stacks[t][--sizes[t]];
            }
        }
        for (int i = 0; i < pool.length(); i++) {
            long h = take(i);
            if (h != NONE) {
                out[k++] = h;
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }
}
