package skbstress.races;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import skbstress.impl.slab.Depot;

/**
 * The canary of {@link Slab_04_Publication}: a copy of {@link Depot}'s chain push and batch pop with one
 * change. Its push swings the head to the new top first and links the chain's bottom to the old top
 * after, so the head is published before the link it depends on: a pop in between reads the bottom's
 * stale link and loses (or hands out again) whatever lay below. The real depot writes the link first;
 * its CAS publishes it. Never used outside this canary.
 */
final class LateLinkDepot {
    private static final long INDEX_MASK = 0xffff_ffffL;
    private static final long TAG_STEP = 1L << 32;
    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(LateLinkDepot.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Depot.Links links;
    @SuppressWarnings("unused") // through HEAD
    private long head;

    LateLinkDepot(Depot.Links links) {
        this.links = links;
    }

    private static long word(long old, int topIndex) {
        return ((old & ~INDEX_MASK) + TAG_STEP) | ((topIndex + 1L) & INDEX_MASK);
    }

    private static int top(long word) {
        return (int) (word & INDEX_MASK) - 1;
    }

    void pushChain(int top, int bottom) {
        while (true) {
            long old = (long) HEAD.getAcquire(this);
            if (HEAD.compareAndSet(this, old, word(old, top))) {
                links.setNextOpaque(bottom, top(old)); // the bug: linked after the head made it reachable
                return;
            }
            Thread.onSpinWait();
        }
    }

    int popBatch(int[] into, int max) {
        while (true) {
            long old = (long) HEAD.getAcquire(this);
            int at = top(old);
            int n = 0;
            boolean torn = false;
            while (at >= 0 && n < max) {
                into[n++] = at;
                at = links.getNextOpaque(at);
                if (at != -1 && !links.valid(at)) {
                    torn = true;
                    break;
                }
            }
            if (torn) {
                continue;
            }
            if (n == 0) {
                return 0;
            }
            if (HEAD.compareAndSet(this, old, word(old, at))) {
                return n;
            }
            Thread.onSpinWait();
        }
    }
}
