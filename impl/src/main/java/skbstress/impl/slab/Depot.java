package skbstress.impl.slab;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The shared free list of one cache: a Treiber stack of object indices, linked through the cache's
 * out-of-object {@code next} words, whose head packs a tag with the top index.
 *
 * <pre>
 *  63                    32 31                     0
 * +------------------------+------------------------+
 * |          tag           |    top index + 1       |   (low half 0: empty)
 * +------------------------+------------------------+
 * </pre>
 *
 * <p>Why the tag: a pop reads {@code top} and {@code next(top)} and then swings the head to
 * {@code next}. Between the read and the CAS, other threads may pop {@code top}, pop {@code next}, and
 * push {@code top} back: the head shows {@code top} again, but {@code next(top)} changed (ABA), and an
 * untagged CAS would install the popped {@code next} as the head: one object handed out twice. Every
 * change of the head, on every path (push, chain push, pop, batch pop, the push of a new slab), adds
 * one to the tag, so such a CAS fails. (The kernel's CVE-2020-29370 was one path, the bulk allocation,
 * that did not advance SLUB's tid.)
 */
public final class Depot {
    private static final long INDEX_MASK = 0xffff_ffffL;
    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(Depot.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final long TAG_STEP = 1L << 32;

    private final Links links;
    @SuppressWarnings("unused") // through HEAD
    private long head;

    /** The {@code next} words, which live beside the objects, not in them. */
    public interface Links {
        // racy but benign: worst case is a stale link after a pop and re-push; the tagged head CAS then fails
        int getNextOpaque(int index);

        // release: by the head CAS that follows it in pushChain, which publishes the link to the popper
        void setNextOpaque(int index, int next);

        /** Whether {@code index} names an object of the cache (a racy read may see garbage). */
        boolean valid(int index);
    }

    /**
     * JFR events on a lost CAS, only in a JVM started with -Dskbstress.jfr=true: otherwise the event class is never
     * touched, and a model checker sees no JFR state on the retry path (its reads there would be new switch points).
     */
    private static final boolean RETRY_EVENTS = Boolean.getBoolean("skbstress.jfr");

    public Depot(Links links) {
        this.links = links;
    }

    /** acquire: pairs with the head CAS that installed the top, so the links stored before that CAS are visible. */
    private long getHeadAcquire() {
        return (long) HEAD.getAcquire(this);
    }

    /**
     * acquire and release: a push publishes its links and the objects' last uses with the head; a pop reads them
     * and owns what it took; the tag fails a CAS on any head that changed since it was read.
     */
    private boolean compareAndSetHead(long expected, long next) {
        return HEAD.compareAndSet(this, expected, next);
    }

    private long word(long old, int topIndex) {
        return ((old & ~INDEX_MASK) + TAG_STEP) | ((topIndex + 1L) & INDEX_MASK);
    }

    private static int top(long word) {
        return (int) (word & INDEX_MASK) - 1;
    }

    /** Pushes one object. */
    public void push(int index) {
        pushChain(index, index);
    }

    /**
     * Pushes a chain already linked from {@code top} down to {@code bottom}; {@code bottom}'s next is set
     * here, to the old top, inside the retry loop.
     */
    public void pushChain(int top, int bottom) {
        while (true) {
            long old = getHeadAcquire(); // acquire: only seeds the link and the CAS, which fails on a stale head
            // release: the CAS below publishes this link with the new head (opaque store, this thread's object)
            links.setNextOpaque(bottom, top(old));
            // release: publishes the chain's links and every use of its objects before it to the popper's acquire
            if (compareAndSetHead(old, word(old, top))) {
                return;
            }
            if (RETRY_EVENTS) {
                DepotRetryEvent.retried("push");
            }
            Thread.onSpinWait();
        }
    }

    /** Pops one object, or returns -1 when the depot is empty. */
    public int pop() {
        while (true) {
            long old = getHeadAcquire(); // acquire: pairs with the push CAS, so next(top) is visible
            int top = top(old);
            if (top < 0) {
                return -1;
            }
            // racy but benign: top may be popped and reused meanwhile; the tagged CAS then fails
            int next = links.getNextOpaque(top);
            if (next != -1 && !links.valid(next)) {
                continue;
            }
            // acquire: reads the pusher's CAS, so its uses of top come before ours; the tag fails a changed head
            if (compareAndSetHead(old, word(old, next))) {
                return top;
            }
            if (RETRY_EVENTS) {
                DepotRetryEvent.retried("pop");
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Pops up to {@code max} objects in one CAS, top first into {@code into[0]}; returns how many. The
     * walk down the list may read links that other threads are changing; the tag proves afterwards that
     * the head, hence the whole walked chain, was untouched.
     */
    public int popBatch(int[] into, int max) {
        while (true) {
            long old = getHeadAcquire(); // acquire: pairs with the push CAS
            int at = top(old);
            int n = 0;
            boolean torn = false;
            while (at >= 0 && n < max) {
                into[n++] = at;
                at = links.getNextOpaque(at); // racy but benign: validated by the CAS below
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
            // acquire: reads the pushers' CASes, so their uses of the walked objects come before ours; the tag
            // proves the head, hence the walked chain, unchanged since the read
            if (compareAndSetHead(old, word(old, at))) {
                return n;
            }
            if (RETRY_EVENTS) {
                DepotRetryEvent.retried("pop batch");
            }
            Thread.onSpinWait();
        }
    }

    public boolean isEmpty() {
        return top(getHeadAcquire()) < 0; // racy but benign: a hint (canAlloc); refill decides on popBatch
    }

    /**
     * Free objects on the list; exact only while no thread pushes or pops. The walk stops at {@code max}
     * (the objects the cache made): a longer list has a cycle, which is reported, not followed for ever.
     */
    public int sizeAtQuiescence(int max, String cache) {
        int n = 0;
        // acquire: at quiescence, after the hand-off that orders every push and pop before this walk
        for (int at = top(getHeadAcquire()); at >= 0; at = links.getNextOpaque(at)) {
            if (++n > max || !links.valid(at)) {
                throw new SlabCorruption(cache, n > max ? "the depot's free list is longer than the " + max
                        + " objects the cache made (a cycle: an object was freed twice)" : "the depot's free "
                        + "list reaches index " + at + ", which the cache never made");
            }
        }
        return n;
    }

    /** The tag, for tests of the tag rule. */
    public int tag() {
        return (int) (getHeadAcquire() >>> 32); // acquire: read by tests after their own pushes and pops
    }
}
