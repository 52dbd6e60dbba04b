package skbstress.impl.slab;

/** One thread's magazines, one per cache of an arena. Registered with the arena for statistics. */
public final class ThreadCaches {
    final Thread thread;
    private final int magazineCapacity;
    private Magazine[] magazines = new Magazine[0];
    /** Next in the arena's registry (set once, before publication). */
    ThreadCaches nextRegistered;

    ThreadCaches(Thread thread, int magazineCapacity) {
        this.thread = thread;
        this.magazineCapacity = magazineCapacity;
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

    /** For statistics at quiescence: the magazine if this thread has one. */
    Magazine peek(int id) {
        Magazine[] m = magazines;
        return id < m.length ? m[id] : null;
    }
}
