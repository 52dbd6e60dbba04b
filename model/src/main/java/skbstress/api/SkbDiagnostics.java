package skbstress.api;

/**
 * What a stress test asks of an implementation besides the operations: exact counts at quiescence, a
 * leak report, and a way for a thread that will stop using it to give back what it caches.
 */
public interface SkbDiagnostics {
    /** Live objects of a cache (by the model's ids), exact at quiescence. */
    int liveObjects(int cache);

    /**
     * Every object still live, by kind and handle (with its allocation site and history when it was tracked,
     * see {@link LeakLevel}), every counter that disagrees with the caches, and every warning and poison
     * violation recorded; empty when nothing is alive and nothing went wrong. A corrupt allocator is reported
     * here by name, never looped on. Exact at quiescence.
     */
    LeakReport leaks();

    /** Gives the calling thread's cached free objects back to the shared pools (a pooled thread going idle). */
    void releaseThreadCaches();

    /**
     * Threads whose caches the implementation still keeps: those that used it and are alive, and those
     * that ended and whose cached objects were not yet given back. Exact at quiescence.
     */
    int registeredThreads();
}
