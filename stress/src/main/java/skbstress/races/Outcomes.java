package skbstress.races;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jcstress.annotations.JCStressMeta;

/**
 * A race's outcomes by name: the one mapping from what the actors and the observer saw (a tuple of ints:
 * each actor's observation, then the observer's) to the string jcstress matches its {@code @Outcome}
 * ids against, so that a table reads "released-once" and "double-release" rather than "1, 1, 0, 2".
 * A tuple with no name is reported as {@code other: 1, 3, 0, 1}, which no table lists as acceptable.
 *
 * <p>Each jcstress test declares its names next to its {@code @Outcome} table ({@code NAMES}); a canary
 * uses its race's ({@code @JCStressMeta}), as it uses its race's table. The jcstress actors keep their
 * observations in the test's state and the arbiter names the whole tuple; {@code OutcomeTablesTest} names
 * the model's tuples through the same table, and the sprints of {@code ./skbstress mutants} do too.
 */
public final class Outcomes {
    /** What an unnamed tuple is reported as, before its values. */
    public static final String OTHER = "other: ";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final Map<String, String> byTuple = new LinkedHashMap<>();
    private final Map<String, String> byName = new LinkedHashMap<>();
    private final int arity;

    private Outcomes(int arity) {
        this.arity = arity;
    }

    /** A table whose first entry names {@code tuple}; every later tuple has the same length. */
    public static Outcomes named(String name, int... tuple) {
        return new Outcomes(tuple.length).and(name, tuple);
    }

    /** One more named tuple; a name or a tuple named twice is refused (a table that cannot mean one thing). */
    public Outcomes and(String name, int... tuple) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("outcome name '" + name + "' is not lower-case words and hyphens");
        }
        if (tuple.length != arity) {
            throw new IllegalArgumentException(name + ": " + tuple.length + " values where the table has " + arity);
        }
        String t = tuple(tuple);
        if (byTuple.putIfAbsent(t, name) != null) {
            throw new IllegalArgumentException("(" + t + ") named twice: " + byTuple.get(t) + ", " + name);
        }
        if (byName.putIfAbsent(name, t) != null) {
            throw new IllegalArgumentException("'" + name + "' names two tuples");
        }
        return this;
    }

    /** How many values a tuple has: the actors' observations, then the observer's. */
    public int arity() {
        return arity;
    }

    /** Name to tuple (as "1, 0, 2"), in declaration order. */
    public Map<String, String> names() {
        return Collections.unmodifiableMap(byName);
    }

    /**
     * The outcome of a run: the actors' observations, then the first values the observer saw (as many as
     * the table's tuples have; a crashed observer reports more), by name, or {@code other: ...}.
     */
    public String of(int[] acted, int[] observed) {
        int[] all = Arrays.copyOf(acted, arity);
        int n = Math.min(arity - acted.length, observed.length);
        System.arraycopy(observed, 0, all, acted.length, Math.max(n, 0));
        if (n < arity - acted.length) { // an observer that saw less than the table: never a named outcome
            return OTHER + tuple(acted) + " / " + tuple(observed);
        }
        return of(all);
    }

    /** The name of a whole tuple, or {@code other: ...}. */
    public String of(int... tuple) {
        String t = tuple(tuple);
        String name = tuple.length == arity ? byTuple.get(t) : null;
        return name != null ? name : OTHER + t;
    }

    /** A jcstress test's names: its own {@code NAMES}, or its race's for a canary ({@code @JCStressMeta}). */
    public static Outcomes of(Class<?> test) {
        JCStressMeta meta = test.getAnnotation(JCStressMeta.class);
        Class<?> owner = meta != null ? meta.value() : test;
        try {
            return (Outcomes) owner.getField("NAMES").get(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException(owner.getName() + " declares no public static Outcomes NAMES", e);
        }
    }

    static String tuple(int... values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            sb.append(sb.length() == 0 ? "" : ", ").append(v);
        }
        return sb.toString();
    }
}
