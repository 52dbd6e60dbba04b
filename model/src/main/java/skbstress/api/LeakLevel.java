package skbstress.api;

import java.util.Locale;

/**
 * How much an implementation records about its objects for leak and misuse reports. Chosen per instance, or for
 * every instance a JVM makes by {@link #PROPERTY} ({@code -Dskbstress.leakDetection=paranoid}).
 *
 * <ul>
 *   <li>{@link #OFF}: nothing is recorded; a leak report still lists every live object by kind and handle.</li>
 *   <li>{@link #COUNTS}: counts of each lifecycle event, no per-object record.</li>
 *   <li>{@link #SAMPLED}: one object in {@link #interval()} (chosen at random when it is allocated) keeps its
 *       allocation site and a ring of its last events.</li>
 *   <li>{@link #PARANOID}: every object does, each event with its own site, and the counts are kept.</li>
 * </ul>
 */
public enum LeakLevel {
    OFF, COUNTS, SAMPLED, PARANOID;

    /** The system property a JVM's default level is read from: off, counts, sampled or paranoid. */
    public static final String PROPERTY = "skbstress.leakDetection";
    /**
     * One object in this many is tracked at {@link #SAMPLED}. The default is 1024 rather than Netty's 128: a sampled
     * object's allocation site costs about a microsecond (a stack capture), twenty alloc+frees; measured by
     * LeakDetectionBenchmarks, sampled costs about 1.2x an alloc+free at 1024 and 1.3x at 128.
     */
    public static final String INTERVAL_PROPERTY = "skbstress.leakDetection.interval";
    public static final int DEFAULT_INTERVAL = 1024;

    /** The level a name gives (any case), or IllegalArgumentException naming the four. */
    public static LeakLevel parse(String name) {
        for (LeakLevel l : values()) {
            if (l.name().equalsIgnoreCase(name.trim())) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown leak detection level '" + name + "': off, counts, sampled or "
                + "paranoid");
    }

    /** The JVM's default: {@link #PROPERTY}, or OFF when it is not set. */
    public static LeakLevel fromSystemProperty() {
        String v = System.getProperty(PROPERTY);
        return v == null || v.isEmpty() ? OFF : parse(v);
    }

    /** The sampling interval of {@link #SAMPLED}: {@link #INTERVAL_PROPERTY}, at least 1. */
    public static int interval() {
        String v = System.getProperty(INTERVAL_PROPERTY);
        if (v == null || v.isEmpty()) {
            return DEFAULT_INTERVAL;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) {
            throw new IllegalArgumentException(INTERVAL_PROPERTY + "=" + v + " must be a whole number of at least 1");
        }
        return n;
    }

    /** Whether objects keep their allocation sites and histories at this level. */
    public boolean tracksObjects() {
        return this == SAMPLED || this == PARANOID;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
