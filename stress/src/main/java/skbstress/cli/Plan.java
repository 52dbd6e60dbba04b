package skbstress.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which tests a run takes (canaries only on request, the filter, this shard's share) and how its budget
 * is spent: jcstress and Lincheck by their estimates, the soaks share what is left, at least the
 * profile's minimum. Made before any long work, so that a filter matching nothing or a budget too short
 * fails at once.
 */
final class Plan {
    final Profile profile;
    final Duration budget;
    final List<Catalog.TestCase> tests;
    final Shard shard;
    final double jcstressSeconds;
    final double lincheckSeconds;
    final Duration soakEach;

    private Plan(Profile profile, Duration budget, List<Catalog.TestCase> tests, Shard shard, double jcstressSeconds,
                 double lincheckSeconds, Duration soakEach) {
        this.profile = profile;
        this.budget = budget;
        this.tests = tests;
        this.shard = shard;
        this.jcstressSeconds = jcstressSeconds;
        this.lincheckSeconds = lincheckSeconds;
        this.soakEach = soakEach;
    }

    /** {@code --filter} as a pattern, or an {@link IllegalArgumentException} that says what is wrong with it. */
    static Pattern filter(String filter) {
        try {
            return Pattern.compile(filter == null ? "" : filter);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("--filter '" + filter + "' is not a regular expression: "
                    + e.getDescription());
        }
    }

    /** The plan, or an {@link IllegalArgumentException} that says what to change. */
    static Plan make(List<Catalog.TestCase> catalog, Profile profile, Duration budget, String filter, boolean canaries,
                     Shard shard) {
        Pattern p = filter(filter);
        List<Catalog.TestCase> matching = catalog.stream().filter(t -> p.matcher(t.id()).find())
                .sorted(Comparator.comparing(Catalog.TestCase::id)).toList();
        List<Catalog.TestCase> chosen = matching.stream().filter(t -> canaries || !t.canary()).toList();
        // a deep canary needs the deep search, which only the full profile runs
        List<Catalog.TestCase> runnable = chosen.stream().filter(t -> runsIn(t, profile)).toList();
        if (runnable.isEmpty()) {
            throw new IllegalArgumentException(matching.isEmpty()
                    ? "--filter '" + filter + "' matches no test (see 'skbstress list' for the ids)"
                    : chosen.isEmpty() ? "--filter '" + filter + "' matches only canaries; add --canaries to run them"
                    : "--filter '" + filter + "' matches only three-switch canaries, which need the deep search of "
                    + "--profile full");
        }
        chosen = runnable;
        List<Catalog.TestCase> mine = new ArrayList<>();
        int k = 0;
        for (Catalog.TestCase t : chosen) {
            if (t.kind() == Catalog.Kind.SOAK) {
                mine.add(t); // every shard soaks, on its own seeds
            } else if (shard.takes(k++)) {
                mine.add(t);
            }
        }
        double jc = mine.stream().filter(t -> t.kind() == Catalog.Kind.JCSTRESS).count() * profile.jcstressSecondsPerTest;
        if (jc > 0) {
            jc += JCSTRESS_START;
        }
        double lc = mine.stream().filter(t -> t.kind() == Catalog.Kind.LINCHECK).mapToDouble(t -> lincheckEstimate(t, profile))
                .sum();
        if (lc > 0) {
            lc += LINCHECK_START;
        }
        long soaks = mine.stream().filter(t -> t.kind() == Catalog.Kind.SOAK && !t.canary()).count();
        double fixed = jc + lc + mine.stream().filter(t -> t.kind() == Catalog.Kind.SOAK && t.canary()).count()
                * LIVELOCK_SECONDS;
        double minSoak = soaks * profile.minSoak.toSeconds();
        if (fixed + minSoak > budget.toSeconds()) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "--budget %s is too short: the %d selected tests need about %s (jcstress %s, Lincheck %s, "
                            + "soak at least %s); give more time, or narrow --filter",
                    Budget.format(budget), mine.size(), Budget.format(Duration.ofSeconds((long) (fixed + minSoak))),
                    Budget.format(Duration.ofSeconds((long) jc)), Budget.format(Duration.ofSeconds((long) lc)),
                    Budget.format(Duration.ofSeconds((long) minSoak))));
        }
        Duration soakEach = soaks == 0 ? Duration.ZERO
                : Duration.ofMillis((long) ((budget.toSeconds() - fixed) * 0.95 * 1000 / soaks));
        if (soaks > 0 && soakEach.compareTo(profile.minSoak) < 0) {
            soakEach = profile.minSoak;
        }
        return new Plan(profile, budget, List.copyOf(mine), shard, jc, lc, soakEach);
    }

    /**
     * The livelock canary: its soak spins from its first rounds, and the watchdog stops it after the default
     * --hang-after (30 s) without progress; with its start, about this long.
     */
    static final double LIVELOCK_SECONDS = 40;

    /**
     * jcstress's fixed cost, measured on the 2-core reference machine (4 to 6 s): its JVM starts, probes the
     * VM options and the CPU topology before the first race, and writes its HTML report after the last.
     */
    static final double JCSTRESS_START = 6;
    /**
     * Lincheck's fixed cost, paid by the first run in a JVM: its agent attaches and instruments the classes
     * every scenario shares (a first run took 3.7 s, the same run again 1.5 s).
     */
    static final double LINCHECK_START = 3;

    /** A Lincheck run's planned seconds; the first run of the job also pays Lincheck's start. */
    double lincheckSeconds(Catalog.TestCase t, boolean first) {
        return lincheckEstimate(t, profile) + (first ? LINCHECK_START : 0);
    }

    /**
     * Lincheck's cost per run beyond its scenario's invocations, measured on the reference machine (quick
     * profile, the least of several runs): model checking took 5 to 14 s a run where the invocations account
     * for 2.6 to 9 s, stress 1 to 3 s where they account for 1.6 to 2.1 s. Each run generates its scenarios,
     * transforms its test class and explores its first interleavings slowly, which the per-invocation costs
     * of {@code LincheckSuite} (measured at CI budgets, where this is small beside the invocations) leave out.
     */
    static final double LINCHECK_RUN_MODEL_CHECKING = 6;
    static final double LINCHECK_RUN_STRESS = 1;

    static boolean runsIn(Catalog.TestCase t, Profile profile) {
        return t.kind() != Catalog.Kind.LINCHECK
                || skbstress.lincheck.LincheckSuite.named(t.target()).runsIn(profile.lincheck);
    }

    static double lincheckEstimate(Catalog.TestCase t, Profile profile) {
        return skbstress.lincheck.LincheckSuite.named(t.target()).estimateSeconds(t.mode(), profile.lincheck)
                + (t.mode() == skbstress.lincheck.LincheckSuite.Mode.MODEL_CHECKING ? LINCHECK_RUN_MODEL_CHECKING
                : LINCHECK_RUN_STRESS);
    }

    double plannedSeconds() {
        return jcstressSeconds + lincheckSeconds + soakSeconds();
    }

    /** The soaks' seconds: exact, each ends at its deadline. */
    double soakSeconds() {
        long canaries = tests.stream().filter(t -> t.kind() == Catalog.Kind.SOAK && t.canary()).count();
        return (count(Catalog.Kind.SOAK) - canaries) * soakEach.toMillis() / 1000.0 + canaries * LIVELOCK_SECONDS;
    }

    long count(Catalog.Kind kind) {
        return tests.stream().filter(t -> t.kind() == kind).count();
    }
}
