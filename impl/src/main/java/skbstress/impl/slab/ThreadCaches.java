package skbstress.impl.slab;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread's magazines, one per cache of an arena. Registered with the arena for statistics and so
 * that the magazines of a thread that died go back to the depots; the arena holds the thread weakly.
 */
public final class ThreadCaches {
    final long threadId;
    private final WeakReference<Thread> thread;
    private final int magazineCapacity;
    private Magazine[] magazines = new Magazine[0];
    /** Set once by whoever gives the magazines back after the thread died. */
    final AtomicBoolean reclaimed = new AtomicBoolean();

    ThreadCaches(Thread thread, int magazineCapacity) {
        this.threadId = thread.getId();
        this.thread = new WeakReference<>(thread);
        this.magazineCapacity = magazineCapacity;
    }

    /**
     * Whether the thread has ended. isAlive() returning false orders the thread's last actions (its
     * magazines' contents) before whatever the caller does next; a thread already collected has ended.
     */
    boolean ended() {
        Thread t = thread.get();
        return t == null || !t.isAlive();
    }

    /** This thread's magazine of cache {@code id}. */
    public Magazine magazine(int id) {
        Magazine[] m = magazines;
        if (id < m.length) {
            Magazine mag = m[id];
            if (mag != null) {
                return mag;
            }
        }
        return create(id);
    }

    private Magazine create(int id) {
        if (id >= magazines.length) {
            Magazine[] grown = new Magazine[Math.max(id + 1, magazines.length * 2)];
            System.arraycopy(magazines, 0, grown, 0, magazines.length);
            magazines = grown;
        }
        Magazine mag = new Magazine(magazineCapacity);
        magazines[id] = mag;
        return mag;
    }

    /** For statistics at quiescence and for reclaiming: the magazine if this thread has one. */
    Magazine peek(int id) {
        Magazine[] m = magazines;
        return id < m.length ? m[id] : null;
    }

    int cacheSlots() {
        return magazines.length;
    }
}
