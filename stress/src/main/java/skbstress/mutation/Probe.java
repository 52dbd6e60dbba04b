package skbstress.mutation;


import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skbstress.api.SkbConfig;
import skbstress.diff.Differential;
import skbstress.diff.EdgeValues;
import skbstress.impl.SkbImpl;
import skbstress.model.SkbModel;
import skbstress.races.ImplHooks;
import skbstress.races.RaceCatalog;
import skbstress.soak.ConcurrentSoak;

/**
 * The first tier of {@code skbstress mutants}: the fast checks, in this JVM, stopping at the first that
 * fails. It runs on whatever {@code skbstress.impl} the class path gives first: the mutant's copy, put
 * ahead of the jar by the command. In order: the differential's first seeds (sequential bugs fail there
 * in milliseconds), its other seeds, the edge checks, a sprint of each race of the mutated areas, a sprint
 * of every other race, then short concurrent soak rounds. Writes what it found as JSON to the file named by its first argument; exits 0 either way, so
 * that an exit code other than 0 means it crashed.
 *
 * <p>Usage: {@code Probe RESULT.json AREAS} where AREAS is a comma-separated list of race areas to run
 * first (Users, Dataref, Fclone, ZeroCopy, Slab, Refcount, PageFlip, Geometry), or "-".
 */
public final class Probe {
    private Probe() {}

    static final long SPRINT_MILLIS = 300;
    static final long HANG_MILLIS = 5_000;
    static final int DIFF_SEEDS = 12;
    static final int DIFF_STEPS = 1_500;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        List<String> first = args.length > 1 && !args[1].equals("-") ? List.of(args[1].split(",")) : List.of();
        long t0 = System.nanoTime();
        Map<String, Object> r = find(first, t0);
        r.put("seconds", (System.nanoTime() - t0) / 1e9);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), r);
        System.exit(0); // a sprint's partner may still spin, on a mutant that hangs
    }

    private static Map<String, Object> find(List<String> first, long t0) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ran", new ArrayList<String>());
        List<String> races = new ArrayList<>(RaceCatalog.names().stream().filter(n -> !RaceCatalog.canary(n)).toList());
        races.sort(Comparator.comparing(n -> first.contains(area(n)) ? 0 : 1));
        List<String> mine = races.stream().filter(n -> first.contains(area(n))).toList();
        // 1. sequential, briefly: most sequential bugs fail the differential's first seeds in milliseconds
        Map<String, Object> found = differential(r, 0, 2, t0);
        // then the rest of the differential (seconds; a sequential bug that needs a longer history fails
        // there), before the edge checks (about 15 s)
        found = found != null ? found : differential(r, 2, DIFF_SEEDS, t0);
        found = found != null ? found : boundedDifferential(r, t0);
        found = found != null ? found : edgeValues(r, t0);
        found = found != null ? found : generationEdge(r, t0);
        found = found != null ? found : pageRefcountEdge(r, t0);
        // 2. concurrent: the mutated area's races, then every other race
        found = found != null ? found : sprints(r, mine, t0);
        found = found != null ? found : sprints(r, races.subList(mine.size(), races.size()), t0);
        if (found != null) {
            return found;
        }
        List<String> ran = ran(r);
        // 3. concurrent, every operation mixed: a few soak rounds on one instance
        ConcurrentSoak soak = new ConcurrentSoak(new SkbImpl(SkbConfig.UNBOUNDED), new SkbImpl(SkbConfig.UNBOUNDED), 4);
        for (int k = 0; k < 3; k++) {
            ConcurrentSoak.Result s;
            try {
                s = soak.round(7_000 + k, 2_000);
            } catch (RuntimeException | Error e) {
                return caught(r, "soak:concurrent", "crash", "seed " + (7_000 + k) + ": " + e, t0);
            }
            if (!s.ok()) {
                return caught(r, "soak:concurrent", "broken at quiescence", "seed " + (7_000 + k) + ": "
                        + s.problems().get(0), t0);
            }
        }
        ran.add("soak:concurrent (3 rounds x 4 threads x 2,000 operations)");
        r.put("caught", false);
        return r;
    }

    /** Differential seeds {@code from} to {@code to} (exclusive); the finding, or null. */
    private static Map<String, Object> differential(Map<String, Object> r, int from, int to, long t0) {
        for (int k = from; k < to; k++) {
            Differential.Failure f;
            try {
                f = Differential.generated(() -> new SkbImpl(new SkbConfig(0, 0, 0, 64)), 1_000 + k, DIFF_STEPS);
            } catch (RuntimeException | Error e) {
                return caught(r, "soak:differential", "crash", "seed " + (1_000 + k) + ": " + e, t0);
            }
            if (f != null) {
                return caught(r, "soak:differential", "differential mismatch", "seed " + (1_000 + k) + " step "
                        + (f.step() + 1) + " (" + f.op() + "): " + f.why(), t0);
            }
        }
        ran(r).add("soak:differential (seeds " + from + " to " + (to - 1) + " x " + DIFF_STEPS + " steps)");
        return null;
    }

    /** Tiny caches of every kind: exhaustion's refusals, and that they change nothing, compared too. */
    static final SkbConfig BOUNDED = new SkbConfig(4, 2, 4, 16);

    /** Differential seeds on {@link #BOUNDED} caches; the finding, or null. */
    private static Map<String, Object> boundedDifferential(Map<String, Object> r, long t0) {
        for (int k = 0; k < 4; k++) {
            Differential.Failure f;
            try {
                f = Differential.generated(BOUNDED, SkbImpl::new, 2_000 + k, DIFF_STEPS);
            } catch (RuntimeException | Error e) {
                return caught(r, "soak:differential-bounded", "crash", "seed " + (2_000 + k) + ": " + e, t0);
            }
            if (f != null) {
                return caught(r, "soak:differential-bounded", "differential mismatch", "seed " + (2_000 + k) + " step "
                        + (f.step() + 1) + " (" + f.op() + "): " + f.why(), t0);
            }
        }
        ran(r).add("soak:differential-bounded (caches " + BOUNDED + ", seeds 2000 to 2003 x " + DIFF_STEPS + " steps)");
        return null;
    }

    /** Every operation with every extreme value, on the model and the implementation alike; the finding, or null. */
    private static Map<String, Object> edgeValues(Map<String, Object> r, long t0) {
        List<String> problems;
        try {
            problems = EdgeValues.problems(() -> new SkbModel(EdgeValues.CONFIG), () -> new SkbImpl(EdgeValues.CONFIG),
                    20261130L, 1);
        } catch (RuntimeException | Error e) {
            return caught(r, "edge:values", "crash", e.toString(), t0);
        }
        if (problems.isEmpty()) {
            try {
                problems = skbstress.diff.MagazineLimits.problems(m -> new SkbImpl(EdgeValues.CONFIG, false, m),
                        20261201L, 300);
            } catch (RuntimeException | Error e) {
                return caught(r, "edge:values", "crash", "magazine limits: " + e, t0);
            }
        }
        if (problems.isEmpty()) {
            problems = skbstress.diff.CacheTable.problems(() -> new SkbModel(EdgeValues.CONFIG),
                    () -> new SkbImpl(EdgeValues.CONFIG));
        }
        if (problems.isEmpty()) {
            problems = skbstress.diff.CacheTable.unboundedProblems(SkbModel::new, SkbImpl::new);
        }
        if (!problems.isEmpty()) {
            return caught(r, "edge:values", problems.get(0).contains("crashed") ? "crash" : "differential mismatch",
                    problems.get(0), t0);
        }
        ran(r).add("edge:values (every operation, every extreme value, model and implementation; magazine limits; the cache table full; an unbounded cache at its limit)");
        return null;
    }

    /**
     * A struct aged to the end of its generations (the implementation's own test hook, by reflection: a
     * slot reaches it after 2^31 lives, minutes of one core): the handle of its first life must stay
     * refused once the slot is reused (I-SLAB-9). The finding, or null.
     */
    private static Map<String, Object> generationEdge(Map<String, Object> r, long t0) {
        try {
            SkbImpl impl = new SkbImpl();
            long first = impl.allocSkb(64, false);
            Object d = ImplHooks.desc(impl, first);
            impl.free(first);
            ImplHooks.age(impl, d, (1L << 31) - 2); // its next life is its last
            long last = impl.allocSkb(64, false);
            skbstress.api.Snapshot.Cache before = impl.snapshot().caches().get(skbstress.api.SkbOps.HEAD_CACHE);
            impl.free(last);
            skbstress.api.Snapshot.Cache after = impl.snapshot().caches().get(skbstress.api.SkbOps.HEAD_CACHE);
            if (after.slabs() != before.slabs() || after.free() != before.free()) {
                return caught(r, "edge:generations", "retirement", "the struct cache went from " + before + " to "
                        + after + " when a struct retired: an unbounded cache makes nothing in its place, and the "
                        + "retired struct is not free", t0);
            }
            for (int k = 0; k < 100; k++) {
                long h = impl.allocSkb(64, false);
                if (ImplHooks.desc(impl, h) == d) {
                    return caught(r, "edge:generations", "stale handle accepted", "a struct past its last generation "
                            + "was handed out again, as " + Long.toHexString(h) + (h == first ? ": its first life's "
                            + "handle names the new owner's skb" : ""), t0);
                }
                impl.free(h);
            }
            for (long stale : new long[] {first, last}) {
                try {
                    impl.get(stale);
                    return caught(r, "edge:generations", "stale handle accepted", "the handle " + Long.toHexString(stale)
                            + " of a retired struct was accepted", t0);
                } catch (skbstress.api.SkbException expected) {
                    // stale, as it must be
                }
            }
        } catch (RuntimeException | Error e) {
            return caught(r, "edge:generations", "crash", e.toString(), t0);
        }
        ran(r).add("edge:generations (a struct at the end of its generations)");
        return null;
    }

    /**
     * A page at refcount INT_MAX (set by the implementation's test hook: 2^31 get_page calls take minutes):
     * the next get_page must be refused and change nothing (I-FRAG-1, CVE-2019-11487), and the page must
     * still free once its references are gone. The finding, or null.
     */
    private static Map<String, Object> pageRefcountEdge(Map<String, Object> r, long t0) {
        try {
            SkbImpl impl = new SkbImpl();
            long page = impl.allocPage();
            ImplHooks.pageRefcount(impl, page, Integer.MAX_VALUE - 1);
            impl.getPage(page); // to INT_MAX: accepted
            try {
                impl.getPage(page);
                return caught(r, "edge:page-refcount", "refcount wrapped", "get_page at refcount INT_MAX was accepted; "
                        + "the page's refcount is now " + refcount(impl, page), t0);
            } catch (skbstress.api.SkbException expected) {
                // refused, as it must be
            }
            int now = refcount(impl, page);
            if (now != Integer.MAX_VALUE) {
                return caught(r, "edge:page-refcount", "refusal changed state", "the refused get_page left refcount "
                        + now + ", not INT_MAX", t0);
            }
            ImplHooks.pageRefcount(impl, page, 1);
            impl.putPage(page);
            if (!impl.snapshot().pages().isEmpty()) {
                return caught(r, "edge:page-refcount", "leak", "the page outlived its last put_page", t0);
            }
        } catch (RuntimeException | Error e) {
            return caught(r, "edge:page-refcount", "crash", e.toString(), t0);
        }
        ran(r).add("edge:page-refcount (get_page at INT_MAX)");
        return null;
    }

    private static int refcount(SkbImpl impl, long page) {
        skbstress.api.Snapshot.Page p = impl.snapshot().pages().get(page);
        return p == null ? 0 : p.refcount();
    }

    /** A sprint of each race; the finding, or null. */
    private static Map<String, Object> sprints(Map<String, Object> r, List<String> races, long t0)
            throws ReflectiveOperationException, InterruptedException {
        for (String name : races) {
            RaceSprint.Finding f = RaceSprint.run(Class.forName(name), SPRINT_MILLIS, HANG_MILLIS);
            if (f.caught()) {
                return caught(r, "sprint:" + f.test(), f.how(), f.outcome() + " (after " + f.samples()
                        + " samples)", t0);
            }
            ran(r).add("sprint:" + f.test() + " (" + f.samples() + " samples)");
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ran(Map<String, Object> r) {
        return (List<String>) r.get("ran");
    }

    private static Map<String, Object> caught(Map<String, Object> r, String test, String how, String detail, long t0) {
        r.put("caught", true);
        r.put("test", test);
        r.put("how", how);
        r.put("detail", detail.length() > 2_000 ? detail.substring(0, 2_000) + "..." : detail);
        r.put("detectedSeconds", (System.nanoTime() - t0) / 1e9);
        return r;
    }

    /** A race's area: Users_03_TwoFreesOfOneReference is in Users. */
    static String area(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple.substring(0, simple.indexOf('_'));
    }
}
