package skbstress.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import skbstress.api.LeakReport;

/**
 * One tracked life of one object: where, when and on which thread it was allocated, and a ring of its last
 * {@link #RING} lifecycle events. An event is one word, so recording it allocates nothing and any thread may
 * record at once (a getAndIncrement picks the slot); at paranoid level each event also keeps its site.
 *
 * <pre>
 *  63      58 57                         32 31                          0
 * +----------+-----------------------------+-----------------------------+
 * | event  6 | thread id, low 26 bits      | ms since the allocation      |
 * +----------+-----------------------------+-----------------------------+
 * </pre>
 */
final class Track {
    static final int RING = 16;
    private static final int THREAD_BITS = 26;
    private static final long THREAD_MASK = (1L << THREAD_BITS) - 1;

    final LeakReport.Kind kind;
    final long handle;
    final Throwable site;
    final String thread;
    final long epochMillis;
    private final long bornNanos;
    private final AtomicLongArray ring = new AtomicLongArray(RING);
    /** Events recorded so far; the slot of event n is n % RING. */
    private final AtomicLong count = new AtomicLong();
    /** Each event's site, at paranoid level; else null. */
    private final AtomicReferenceArray<Throwable> sites;
    /**
     * The thread of the last event, to see a hand-off. Racy but benign: two threads recording at once may both
     * see the other as the last, and each records a hand-off, which both were.
     */
    private volatile long lastThread;
    /** Where its life ended (set once, by the release), for a double free's report. */
    volatile Throwable releaseSite;
    volatile String releaseThread;

    Track(LeakReport.Kind kind, long handle, boolean paranoid) {
        this.kind = kind;
        this.handle = handle;
        Thread t = Thread.currentThread();
        this.site = new Throwable("allocated");
        this.thread = t.getName();
        this.epochMillis = System.currentTimeMillis();
        this.bornNanos = System.nanoTime();
        this.sites = paranoid ? new AtomicReferenceArray<>(RING) : null;
        this.lastThread = t.getId();
        record(TrackEvent.ALLOC, t.getId(), site);
    }

    /** Records an event of the calling thread; returns true when it is a hand-off from another thread. */
    boolean record(TrackEvent e, Tracker tracker) {
        Thread t = Thread.currentThread();
        long id = t.getId();
        boolean handOff = lastThread != id;
        if (handOff) {
            lastThread = id;
            tracker.nameThread(t);
            record(TrackEvent.HAND_OFF, id, null);
        }
        record(e, id, sites == null ? null : new Throwable(e.label));
        return handOff;
    }

    private void record(TrackEvent e, long threadId, Throwable where) {
        long n = count.getAndIncrement();
        int slot = (int) (n % RING);
        long ms = Math.min((System.nanoTime() - bornNanos) / 1_000_000, 0xffff_ffffL);
        if (sites != null) {
            sites.set(slot, where); // before the word: a reader that finds the word finds its site or a later one
        }
        ring.set(slot, (long) e.ordinal() << 58 | (threadId & THREAD_MASK) << 32 | ms);
    }

    /** This life as a report entry, with the state the caller read at quiescence. */
    LeakReport.Leak describe(String state, Tracker tracker) {
        long n = count.get();
        List<LeakReport.Event> history = new ArrayList<>();
        for (long i = Math.max(0, n - RING); i < n; i++) {
            int slot = (int) (i % RING);
            long w = ring.get(slot);
            Throwable where = sites == null ? null : sites.get(slot);
            history.add(new LeakReport.Event(TrackEvent.of((int) (w >>> 58)).label,
                    tracker.threadName((w >>> 32) & THREAD_MASK), w & 0xffff_ffffL,
                    where == null ? List.of() : Sites.trimmed(where)));
        }
        return new LeakReport.Leak(kind, handle, state, new LeakReport.Origin(thread, epochMillis,
                Sites.trimmed(site)), history, Math.max(0, n - RING));
    }
}
