package skbstress.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import skbstress.api.LeakLevel;
import skbstress.api.LeakReport;
import skbstress.api.SkbException;
import skbstress.api.Snapshot;

/**
 * The one place every tracked lifecycle event passes: it decides which objects get a {@link Track} (none at
 * off and counts, one in {@code interval} at sampled, all at paranoid), counts events (counts and paranoid),
 * sends JFR events when asked to ({@link JfrEvents}), keeps the tracks of recently released objects so that a
 * double free can name the first release, and collects misuse nobody was refused for: warnings, with their
 * stack once per site, and poison found overwritten. The operations call it only when {@link #active} is set.
 */
final class Tracker {
    final LeakLevel level;
    private final int interval;
    private final boolean counting;
    final boolean jfr;
    /** Whether any hook has work: a level above off, or JFR events. Final: the hot paths branch on it. */
    final boolean active;
    /** Whether an event of an untracked object has work too (a count or a JFR event), not only a tracked one's. */
    final boolean everyEvent;
    private final boolean tracksObjects;
    /** What a refusal of a stale handle says when no record of its life is kept (made once: refusals are hot). */
    private final String noRecord;
    /** interval - 1 when the interval is a power of two, else -1. */
    private final long sampleMask;

    private final LongAdder[] counts = new LongAdder[TrackEvent.values().length];
    private final ConcurrentHashMap<Long, String> threadNames = new ConcurrentHashMap<>();
    /** Tracks of the last {@link #FREED} releases, to find a stale handle's first release. */
    static final int FREED = 1024;
    private final AtomicReferenceArray<Track> freed = new AtomicReferenceArray<>(FREED);
    private final AtomicLong freedNext = new AtomicLong(); // a long: it never wraps

    /** Misuse reports kept, and how many more there were. */
    static final int MISUSES = 64;
    private final ConcurrentLinkedQueue<LeakReport.Misuse> misuses = new ConcurrentLinkedQueue<>();
    private final AtomicLong misuseCount = new AtomicLong();
    private final Set<String> warnedSites = ConcurrentHashMap.newKeySet();

    Tracker(LeakLevel level, int interval, boolean jfr) {
        if (interval < 1) {
            throw new IllegalArgumentException("sampling interval " + interval + " must be at least 1");
        }
        this.level = level;
        this.interval = level == LeakLevel.PARANOID ? 1 : interval;
        this.counting = level == LeakLevel.COUNTS || level == LeakLevel.PARANOID;
        this.jfr = jfr;
        this.active = level != LeakLevel.OFF || jfr;
        this.everyEvent = counting || jfr;
        this.tracksObjects = level.tracksObjects();
        this.sampleMask = Integer.bitCount(this.interval) == 1 ? this.interval - 1 : -1;
        this.noRecord = "  (" + switch (level) {
            case OFF, COUNTS -> "leak detection is " + level.label() + ": run with -D" + LeakLevel.PROPERTY
                    + "=paranoid (skbstress run --leak-detection paranoid) to see where it was released first";
            case SAMPLED -> "it was not among the objects sampled (one in " + interval + "); paranoid tracks "
                    + "every object";
            case PARANOID -> "its record is no longer kept (the last " + FREED + " releases are)";
        } + ")";
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * A new life of an object: its track, or null when it is not tracked. Sampled picks a life by a hash of its
     * handle: the generation in it changes with every life and starts at random in each cache, so the choice is one
     * in {@code interval} over lives and runs, and costs no per-thread state on the lives it skips.
     */
    Track start(LeakReport.Kind kind, long handle) {
        if (counting) {
            counts[TrackEvent.ALLOC.ordinal()].increment();
        }
        if (jfr) {
            JfrEvents.alloc(kind, handle);
        }
        if (!tracksObjects || (interval > 1 && !picked(handle))) {
            return null;
        }
        return newTrack(kind, handle);
    }

    /** Out of line: the hook the fast paths inline stays a few instructions long. */
    private Track newTrack(LeakReport.Kind kind, long handle) {
        nameThread(Thread.currentThread());
        return new Track(kind, handle, level == LeakLevel.PARANOID);
    }

    /** One life in {@code interval}: a mask for a power of two (a division costs more than the rest of the hook). */
    private boolean picked(long handle) {
        long h = mix(handle);
        return sampleMask >= 0 ? (h & sampleMask) == 0 : Long.remainderUnsigned(h, interval) == 0;
    }

    /** A 64-bit finalizer (splitmix64's): every bit of the handle moves every bit of the result. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** An event of a live object ({@code t} null when it is not tracked). */
    void event(Track t, TrackEvent e, LeakReport.Kind kind, long handle) {
        if (counting) {
            counts[e.ordinal()].increment();
        }
        boolean handOff = t != null && t.record(e, this);
        if (jfr) {
            if (handOff) {
                JfrEvents.handOff(kind, handle);
            }
            if (e == TrackEvent.CLONE) {
                JfrEvents.clone(handle);
            } else if (e == TrackEvent.COMPLETE) {
                JfrEvents.completion(handle);
            }
        }
    }

    /** The end of a life: its release site is kept with the track among the recently released. */
    void end(Track t, LeakReport.Kind kind, long handle) {
        if (counting) {
            counts[TrackEvent.RELEASE.ordinal()].increment();
        }
        if (jfr) {
            JfrEvents.free(kind, handle);
        }
        if (t != null) {
            t.record(TrackEvent.RELEASE, this);
            t.releaseThread = Thread.currentThread().getName();
            if (level == LeakLevel.PARANOID) { // a stack costs a microsecond: sampled keeps the allocation's only
                t.releaseSite = new Throwable("released");
            }
            freed.set((int) (freedNext.getAndIncrement() % FREED), t);
        }
    }

    // ---------------------------------------------------------------- threads

    /** The tracker this thread's name was last given to: a hand-off names its thread without allocating again. */
    private static final ThreadLocal<Tracker> NAMED_FOR = new ThreadLocal<>();

    void nameThread(Thread t) {
        if (NAMED_FOR.get() != this) {
            threadNames.putIfAbsent(t.getId() & ((1L << 26) - 1), t.getName());
            NAMED_FOR.set(this);
        }
    }

    String threadName(long lowId) {
        String n = threadNames.get(lowId);
        return n == null ? "thread #" + lowId : n;
    }

    // ---------------------------------------------------------------- reports

    /**
     * A refusal of a stale handle, with the first release's site and the object's history when its track is
     * still among the recently released; otherwise what to do to get them.
     */
    SkbException explain(SkbException refusal, long handle) {
        Track t = released(handle);
        if (t == null) {
            return refusal.withReport(noRecord);
        }
        StringBuilder sb = new StringBuilder();
        Throwable rs = t.releaseSite;
        sb.append("  first released on thread ").append(t.releaseThread).append(rs == null
                ? " (its site is kept at level paranoid)\n" : " at:\n");
        for (String f : rs == null ? List.<String>of() : Sites.trimmed(rs)) {
            sb.append("      at ").append(f).append('\n');
        }
        sb.append(LeakReport.text(t.describe("(released)", this), "  "));
        return refusal.withReport(sb.toString().stripTrailing());
    }

    /** The track of a released life, if still kept. */
    Track released(long handle) {
        if (!tracksObjects) {
            return null; // nothing was kept: a refusal costs no walk (and a model checker sees no loop)
        }
        int kept = (int) Math.min(freedNext.get(), FREED);
        for (int i = 0; i < kept; i++) {
            Track t = freed.get(i);
            if (t != null && t.handle == handle) {
                return t;
            }
        }
        return null;
    }

    /** The newest released track whose handle passes {@code sameObject} (a poison report's object). */
    Track releasedAt(java.util.function.LongPredicate sameObject) {
        if (!tracksObjects) {
            return null;
        }
        long n = freedNext.get();
        for (long k = 1; k <= Math.min(n, FREED); k++) { // newest first
            Track t = freed.get((int) ((n - k) % FREED));
            if (t != null && sameObject.test(t.handle)) {
                return t;
            }
        }
        return null;
    }

    /** A warning (the kernel's WARN): its stack is kept once per site, as WARN_ONCE prints once. */
    void warned(Snapshot.Warning w) {
        Throwable here = new Throwable(w.code().name());
        List<String> site = Sites.trimmed(here);
        String key = w.code() + "@" + (site.isEmpty() ? "?" : site.get(0));
        if (jfr) {
            JfrEvents.saturation(w.code().name(), w.message());
        }
        if (warnedSites.add(key)) {
            misuse(new LeakReport.Misuse(LeakReport.WARNING + w.code(), "", "[" + w.invariant() + "] " + w.message(), site,
                    null));
        }
    }

    /** Poison found overwritten in a freed object when it was handed out again. */
    void poison(String object, String bytes, Track lastOwner) {
        List<String> site = Sites.trimmed(new Throwable("poison"));
        misuse(new LeakReport.Misuse(LeakReport.POISON, object, "a write after free changed " + bytes
                + "; found by the allocation at the site below", site,
                lastOwner == null ? null : lastOwner.describe("(released)", this)));
    }

    private void misuse(LeakReport.Misuse m) {
        if (misuseCount.getAndIncrement() < MISUSES) {
            misuses.add(m);
        }
    }

    List<LeakReport.Misuse> misuses() {
        return new ArrayList<>(misuses);
    }

    /** Misuse reports beyond those kept. */
    long misusesDropped() {
        return Math.max(0, misuseCount.get() - MISUSES);
    }

    /** The counts of each event (counts and paranoid levels), e.g. "allocated 12, released 11"; else "". */
    String countsLine() {
        if (!counting) {
            return "";
        }
        StringBuilder sb = new StringBuilder("events: ");
        boolean any = false;
        for (TrackEvent e : TrackEvent.values()) {
            long n = counts[e.ordinal()].sum();
            if (n != 0) {
                sb.append(any ? ", " : "").append(e.label).append(' ').append(n);
                any = true;
            }
        }
        return any ? sb.toString() : "";
    }

    long count(TrackEvent e) {
        return counts[e.ordinal()].sum();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "leak detection %s%s%s", level.label(),
                level == LeakLevel.SAMPLED ? " (1 in " + interval + ")" : "", jfr ? ", JFR events" : "");
    }
}
