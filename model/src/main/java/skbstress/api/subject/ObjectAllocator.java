package skbstress.api.subject;

/**
 * A fixed-size object allocator (kmem_cache_alloc and kmem_cache_free, a recycler, a pool): any thread
 * allocates, and a holder frees what it holds, from any thread (P-SUBJ-1).
 * <ul>
 *   <li>An object is never handed to two holders at once: two objects out at the same time are never
 *       {@code equals}.</li>
 *   <li>A freed object may be handed out again, to any thread.</li>
 *   <li>{@link #outstanding()}, where the subject counts, is the number allocated and not freed, exact when
 *       no call is under way.</li>
 * </ul>
 * Freeing an object twice, or one the allocator never handed out, is misuse: {@link #misuse()} says what the
 * subject does then.
 */
public interface ObjectAllocator {
    /** A free object, now the caller's. */
    Object alloc();

    /** Gives back an object the caller holds; the caller must not use it again. */
    void free(Object o);

    /** Objects handed out and not freed, exact at quiescence; -1 when the subject does not count them. */
    default long outstanding() {
        return -1;
    }

    /**
     * Runs {@code work}, which uses this allocator, as the calling thread's own scope: where a subject's
     * per-thread caching needs the thread marked (Netty's Recycler pools only on FastThreadLocal threads),
     * it marks it here, and may give the thread's cache back at the end. By default it just runs it.
     */
    default void session(Runnable work) {
        work.run();
    }

    /** What a second free of one object does. */
    default Misuse misuse() {
        return Misuse.UNDEFINED;
    }

    /** What a subject does on misuse (a second free, a drop past the last reference). */
    enum Misuse {
        /** Refused with an exception, the state unchanged (our implementation, Netty's reference counts). */
        REFUSED,
        /** Not checked: the subject's contract leaves it undefined, so no test commits it. */
        UNDEFINED
    }
}
