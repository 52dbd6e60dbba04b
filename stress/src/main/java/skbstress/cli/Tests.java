package skbstress.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;
import skbstress.diff.Differential;
import skbstress.diff.Op;
import skbstress.diff.Shrinker;
import skbstress.impl.SkbImpl;
import skbstress.job.TestProgress;
import skbstress.soak.ConcurrentSoak;

/** Runs each kind of test and turns what it found into a {@link RunReport.TestReport}. */
final class Tests {
    static final String LAUNCHER = "./skbstress";

    /** The command line as the user typed it, for reports: the launcher and the subcommand's arguments. */
    static String commandLine(picocli.CommandLine.Model.CommandSpec spec) {
        return LAUNCHER + " " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
    static final Supplier<SkbOps> DIFF_IMPL = () -> new SkbImpl(new SkbConfig(0, 0, 0, 64));

    private Tests() {}

    /** The class path this program runs from: the shaded jar, or a development class path. */
    static String classPath() {
        return System.getProperty("java.class.path");
    }

    // ---------------------------------------------------------------- verdicts

    /**
     * What a test found. A canary must fail, and only the way it was made to (a forbidden outcome of its
     * race, a non-linearizable or broken-at-quiescence Lincheck verdict); any other failure, a crash or a
     * run of nothing does not count as catching it.
     */
    enum Finding { CLEAN, MADE_FOR, OTHER_FAILURE, CRASH }

    /** The status a test gets for what it found: PASS, FAIL or ERROR; CAUGHT, MISSED or ERROR for a canary. */
    static String status(Catalog.TestCase c, Finding f) {
        if (f == Finding.CRASH) {
            return "ERROR";
        }
        if (c.canary()) {
            return f == Finding.MADE_FOR ? "CAUGHT" : "MISSED";
        }
        return f == Finding.CLEAN ? "PASS" : "FAIL";
    }

    /** A canary's summary says what its status means. */
    static String canaryWords(String status, String summary) {
        return switch (status) {
            case "CAUGHT" -> "caught: " + summary;
            case "MISSED" -> "missed, the broken code went unnoticed: " + summary;
            default -> summary;
        };
    }

    // ---------------------------------------------------------------- soaks

    /** Seed number {@code k} of this shard: the shards' seed sets are disjoint. */
    static long seed(long base, Shard shard, int k) {
        return base + (long) k * shard.count() + (shard.index() - 1);
    }

    static RunReport.TestReport differential(Catalog.TestCase c, long base, Shard shard, Duration time, int steps,
                                             TestProgress progress) {
        long t0 = System.nanoTime();
        long deadline = t0 + time.toNanos();
        long total = 0;
        int k = 0;
        do {
            long seed = seed(base, shard, k++);
            progress.current("soak: differential, seed " + seed);
            Differential.Failure f = Differential.generated(DIFF_IMPL, seed, steps);
            if (f != null) {
                progress.current("soak: differential, shrinking the failure of seed " + seed);
                Differential.Failure small = Shrinker.shrink(DIFF_IMPL, f, 30_000);
                String details = String.format(Locale.ROOT, "model and implementation disagree (seed %d) at %s%n"
                                + "shrunk to %d steps: %s%nfailing there with: %s", seed, f, small.steps().size(),
                        Op.format(small.steps()), small.why());
                return report(c, "FAIL", total + f.step() + 1, "steps", (System.nanoTime() - t0) / 1e9,
                        "model and implementation disagree at step " + (f.step() + 1) + " of seed " + seed, details,
                        LAUNCHER + " replay differential --sequence '" + Op.format(small.steps()) + "'   (or --seed "
                                + seed + " --steps " + (f.step() + 1) + ")", List.of(), "", List.of());
            }
            total += steps;
            progress.fraction((double) (System.nanoTime() - t0) / time.toNanos());
        } while (roomForAnother(t0, deadline, k));
        return report(c, "PASS", total, "steps", (System.nanoTime() - t0) / 1e9, String.format(Locale.ROOT,
                "%d seeds x %,d steps: implementation and model agree after every step", k, steps), "",
                LAUNCHER + " replay differential --seed " + seed(base, shard, 0) + " --steps " + steps, List.of(), "",
                List.of());
    }

    /** The concurrent soak, on implementations {@code subject} makes (the one under test, and a foreign one). */
    static RunReport.TestReport concurrent(Catalog.TestCase c, long base, Shard shard, Duration time, int threads,
                                           int opsPerThread, TestProgress progress, Supplier<SkbOps> subject)
            throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + time.toNanos();
        long operations = 0;
        int k = 0;
        // one instance for every round (each round on new threads), so that what ended threads leave
        // behind, and what misuse leaves, accumulates where the next rounds would meet it
        ConcurrentSoak soak = new ConcurrentSoak(subject.get(), subject.get(), threads).onProgress(progress::beat);
        do {
            long seed = seed(base, shard, k++);
            progress.current("soak: concurrent, " + threads + " threads, seed " + seed);
            ConcurrentSoak.Result r = soak.round(seed, opsPerThread);
            operations += r.operations();
            String replay = LAUNCHER + " replay concurrent --seed " + seed + " --threads " + threads + " --ops "
                    + opsPerThread;
            if (!r.ok()) {
                String status = status(c, Finding.OTHER_FAILURE);
                return report(c, status, operations, "operations", (System.nanoTime() - t0) / 1e9,
                        canaryWords(status, "at quiescence: " + r.problems().get(0)), String.join("\n",
                                r.problems()), replay, List.of(), "", List.of())
                        .withLeakReport(LeakReports.tree(r.leaks()));
            }
            progress.fraction((double) (System.nanoTime() - t0) / time.toNanos());
        } while (roomForAnother(t0, deadline, k));
        String status = status(c, Finding.CLEAN); // a canary that ends its rounds was missed: it was made to hang
        return report(c, status, operations, "operations", (System.nanoTime() - t0) / 1e9, canaryWords(status,
                String.format(Locale.ROOT, "%d rounds on %d threads of one instance, %,d misuses refused by name: "
                        + "every object freed once, every callback once, caches back to zero, ended threads "
                        + "forgotten", k, threads, soak.misuses())), "", LAUNCHER + " replay concurrent --seed " + seed(base, shard, 0) + " --threads "
                + threads + " --ops " + opsPerThread, List.of(), "", List.of());
    }

    /**
     * Whether another round of a soak fits before its deadline, at the mean length of the {@code rounds} so
     * far: a soak ends at its deadline, not one round past it (a differential seed takes a second or more).
     */
    static boolean roomForAnother(long t0, long deadline, int rounds) {
        long now = System.nanoTime();
        return now + (now - t0) / rounds < deadline;
    }

    // ---------------------------------------------------------------- helpers

    static RunReport.TestReport report(Catalog.TestCase c, String status, long samples, String unit, double seconds,
                                       String summary, String details, String replay, List<RunReport.Bar> bars,
                                       String link, List<RunReport.Configuration> configurations) {
        return new RunReport.TestReport(c.id(), c.kind().name().toLowerCase(Locale.ROOT), c.area(), c.protects(),
                c.canary(), status, samples, unit, seconds, summary, details, replay, bars, link, configurations, null);
    }

    static String relative(Path from, Path to) {
        try {
            return from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize()).toString();
        } catch (IllegalArgumentException e) {
            return to.toAbsolutePath().toString();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    static String stackTrace(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
