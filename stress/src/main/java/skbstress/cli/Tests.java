package skbstress.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;
import skbstress.diff.Differential;
import skbstress.diff.Op;
import skbstress.diff.Shrinker;
import skbstress.impl.SkbImpl;
import skbstress.job.JcstressRun;
import skbstress.lincheck.LincheckSuite;
import skbstress.soak.ConcurrentSoak;

/** Runs each kind of test and turns what it found into a {@link RunReport.TestReport}. */
final class Tests {
    static final String LAUNCHER = "./skbstress";
    static final Supplier<SkbOps> DIFF_IMPL = () -> new SkbImpl(new SkbConfig(0, 0, 0, 64));

    private Tests() {}

    // ---------------------------------------------------------------- jcstress

    /**
     * One jcstress pass over {@code cases} (one child JVM tree, so its start is paid once), in
     * {@code workDir}; {@code reportDir} is where links are made relative to.
     */
    static List<RunReport.TestReport> jcstress(List<Catalog.TestCase> cases, List<String> options, Path workDir,
                                               Path reportDir, Duration timeout, Progress progress) throws Exception {
        String selector = "^skbstress\\.races\\.(" + cases.stream().map(c -> c.target().substring("skbstress.races.".length()))
                .collect(Collectors.joining("|")) + ")$";
        AtomicReference<String> current = new AtomicReference<>("jcstress: starting (probing the VM and CPUs)");
        progress.current(current.get());
        JcstressRun.Result r = JcstressRun.run(classPath(), selector, options, workDir, timeout, line -> {
            int[] done = JcstressRun.progress(line);
            if (done != null && done[1] > 0) {
                progress.fraction((double) done[0] / done[1]);
            }
            String test = JcstressRun.testOf(line);
            if (test != null && !test.equals(current.get())) {
                current.set(test);
                progress.current("jcstress: " + test.substring(test.lastIndexOf('.') + 1));
            }
            progress.toolLine(line);
        });
        List<RunReport.TestReport> out = new ArrayList<>();
        double each = r.took().toMillis() / 1000.0 / cases.size();
        String opts = String.join(" ", options);
        for (Catalog.TestCase c : cases) {
            JcstressRun.TestResult t = r.tests().get(c.target());
            String simple = c.target().substring("skbstress.races.".length());
            String replay = LAUNCHER + " replay jcstress " + simple + " --jcstress-options='" + opts + "'";
            String link = relative(reportDir, workDir.resolve("results").resolve(c.target() + ".html"));
            List<String> forbidden = r.forbidden().stream().filter(l -> l.startsWith(c.target() + " ")).toList();
            if (t == null) {
                String why = r.timedOut() ? "jcstress ran past its " + Budget.format(timeout) + " and was stopped"
                        : "jcstress did not report it (exit " + r.exitCode() + "); see " + r.log();
                out.add(report(c, "ERROR", 0, "samples", each, why, tail(r.log()), replay, List.of(), ""));
                continue;
            }
            Map<String, String> meanings = meanings(c.target());
            List<RunReport.Bar> bars = t.outcomes().stream().map(o -> new RunReport.Bar(o.id(), o.samples(), o.expect(),
                    meanings.getOrDefault(o.id(), meanings.getOrDefault("", o.description())))).toList();
            long forbiddenSamples = t.outcomes().stream().filter(o -> o.expect().equals("Forbidden"))
                    .mapToLong(JcstressRun.Outcome::samples).sum();
            long interesting = t.outcomes().stream().filter(o -> o.expect().equals("Interesting"))
                    .mapToLong(JcstressRun.Outcome::samples).sum();
            String summary;
            String status;
            switch (t.verdict()) {
                case OK -> {
                    status = "PASS";
                    summary = String.format(Locale.ROOT, "%d outcome%s seen in %d configurations, none forbidden%s",
                            t.outcomes().size(), t.outcomes().size() == 1 ? "" : "s", t.configurations(),
                            interesting > 0 ? String.format(Locale.ROOT, "; %,d interesting", interesting) : "");
                }
                case FAILED -> {
                    status = "FAIL";
                    summary = String.format(Locale.ROOT, "FORBIDDEN outcome seen %,d times: %s", forbiddenSamples,
                            t.outcomes().stream().filter(o -> o.expect().equals("Forbidden"))
                                    .map(o -> "(" + o.id() + ")").collect(Collectors.joining(" ")));
                }
                default -> {
                    status = "ERROR";
                    summary = "the test crashed in " + t.configurations() + " configurations (see jcstress's report)";
                }
            }
            String details = forbidden.isEmpty() ? "" : String.join("\n", forbidden.subList(0, Math.min(8, forbidden.size())));
            out.add(report(c, status, t.samples(), "samples", each, summary, details, replay, bars, link));
        }
        return out;
    }

    /** A test's outcome descriptions in full (the console cuts them), by outcome id; "" for the catch-all. */
    private static Map<String, String> meanings(String className) {
        Map<String, String> out = new java.util.HashMap<>();
        try {
            for (org.openjdk.jcstress.annotations.Outcome o
                    : skbstress.races.Races.outcomes(Class.forName(className))) {
                if (o.id().length == 0 || (o.id().length == 1 && o.id()[0].isEmpty())) {
                    out.put("", o.desc());
                }
                for (String id : o.id()) {
                    out.put(id, o.desc());
                }
            }
        } catch (ClassNotFoundException e) {
            // the console's (shortened) descriptions stay
        }
        return out;
    }

    /** The class path this program runs from: the shaded jar, or a development class path. */
    static String classPath() {
        return System.getProperty("java.class.path");
    }

    // ---------------------------------------------------------------- Lincheck

    static RunReport.TestReport lincheck(Catalog.TestCase c, LincheckSuite.Profile profile, Duration bound) {
        LincheckSuite.Scenario s = LincheckSuite.named(c.target());
        LincheckSuite.Mode m = c.mode();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        Thread worker = new Thread(() -> {
            try {
                LincheckSuite.check(s, m, profile);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "lincheck-" + s.name());
        worker.setDaemon(true); // a hung canary is abandoned, not waited for
        worker.start();
        try {
            worker.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long invocations = (long) (s.iterations(profile) + s.custom().size()) * s.invocations(m, profile);
        String replay = LAUNCHER + " replay lincheck " + s.name() + " --mode " + m.label + " --profile "
                + profile.name().toLowerCase(Locale.ROOT);
        if (worker.isAlive()) {
            return report(c, "ERROR", 0, "invocations", secs, "ran past its bound of " + Budget.format(bound)
                    + " and was abandoned (a livelock?)", "", replay, List.of(), "");
        }
        Throwable e = failure.get();
        if (e == null) {
            return report(c, "PASS", invocations, "invocations", secs, String.format(Locale.ROOT,
                    "linearizable in %,d invocations of %d scenarios (%s)", invocations,
                    s.iterations(profile) + s.custom().size(), m.label), "", replay, List.of(), "");
        }
        String text = String.valueOf(e.getMessage());
        boolean verdict = e instanceof AssertionError;
        String headline = text.lines().filter(l -> l.startsWith("= ")).findFirst().orElse(e.toString())
                .replace("=", "").trim();
        return report(c, verdict ? "FAIL" : "ERROR", 0, "invocations", secs, headline,
                verdict ? text : stackTrace(e), replay, List.of(), "");
    }

    // ---------------------------------------------------------------- soaks

    /** Seed number {@code k} of this shard: the shards' seed sets are disjoint. */
    static long seed(long base, Shard shard, int k) {
        return base + (long) k * shard.count() + (shard.index() - 1);
    }

    static RunReport.TestReport differential(Catalog.TestCase c, long base, Shard shard, Duration time, int steps,
                                             Progress progress) {
        long t0 = System.nanoTime();
        long deadline = t0 + time.toNanos();
        long total = 0;
        int k = 0;
        do {
            long seed = seed(base, shard, k++);
            progress.current("soak: differential, seed " + seed);
            Differential.Failure f = Differential.generated(DIFF_IMPL, seed, steps);
            if (f != null) {
                Differential.Failure small = Shrinker.shrink(DIFF_IMPL, f, 30_000);
                String details = String.format(Locale.ROOT, "model and implementation disagree (seed %d) at %s%n"
                                + "shrunk to %d steps: %s%nfailing there with: %s", seed, f, small.steps().size(),
                        Op.format(small.steps()), small.why());
                return report(c, "FAIL", total + f.step() + 1, "steps", (System.nanoTime() - t0) / 1e9,
                        "model and implementation disagree at step " + (f.step() + 1) + " of seed " + seed, details,
                        LAUNCHER + " replay differential --sequence '" + Op.format(small.steps()) + "'   (or --seed "
                                + seed + " --steps " + (f.step() + 1) + ")", List.of(), "");
            }
            total += steps;
            progress.fraction((double) (System.nanoTime() - t0) / time.toNanos());
        } while (System.nanoTime() < deadline);
        return report(c, "PASS", total, "steps", (System.nanoTime() - t0) / 1e9, String.format(Locale.ROOT,
                "%d seeds x %,d steps: implementation and model agree after every step", k, steps), "",
                LAUNCHER + " replay differential --seed " + seed(base, shard, 0) + " --steps " + steps, List.of(), "");
    }

    static RunReport.TestReport concurrent(Catalog.TestCase c, long base, Shard shard, Duration time, int threads,
                                           int opsPerThread, Progress progress) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + time.toNanos();
        long operations = 0;
        int k = 0;
        // one instance for every round (each round on new threads), so that what ended threads leave
        // behind, and what misuse leaves, accumulates where the next rounds would meet it
        ConcurrentSoak soak = new ConcurrentSoak(new SkbImpl(), new SkbImpl(), threads);
        do {
            long seed = seed(base, shard, k++);
            progress.current("soak: concurrent, " + threads + " threads, seed " + seed);
            ConcurrentSoak.Result r = soak.round(seed, opsPerThread);
            operations += r.operations();
            String replay = LAUNCHER + " replay concurrent --seed " + seed + " --threads " + threads + " --ops "
                    + opsPerThread;
            if (!r.ok()) {
                return report(c, "FAIL", operations, "operations", (System.nanoTime() - t0) / 1e9,
                        "at quiescence: " + r.problems().get(0), String.join("\n", r.problems()), replay, List.of(), "");
            }
            progress.fraction((double) (System.nanoTime() - t0) / time.toNanos());
        } while (System.nanoTime() < deadline);
        return report(c, "PASS", operations, "operations", (System.nanoTime() - t0) / 1e9, String.format(Locale.ROOT,
                "%d rounds on %d threads of one instance, %,d misuses refused by name: every object freed once, "
                        + "every callback once, caches back to zero, ended threads forgotten", k, threads,
                soak.misuses()), "", LAUNCHER + " replay concurrent --seed " + seed(base, shard, 0) + " --threads " + threads
                + " --ops " + opsPerThread, List.of(), "");
    }

    // ---------------------------------------------------------------- helpers

    static RunReport.TestReport report(Catalog.TestCase c, String status, long samples, String unit, double seconds,
                                       String summary, String details, String replay, List<RunReport.Bar> bars,
                                       String link) {
        return new RunReport.TestReport(c.id(), c.kind().name().toLowerCase(Locale.ROOT), c.area(), c.protects(),
                c.canary(), status, samples, unit, seconds, summary, details, replay, bars, link);
    }

    private static String relative(Path from, Path to) {
        try {
            return from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize()).toString();
        } catch (IllegalArgumentException e) {
            return to.toAbsolutePath().toString();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    static Map<String, Long> counts(List<RunReport.TestReport> tests) {
        return tests.stream().collect(Collectors.groupingBy(RunReport.TestReport::status, Collectors.counting()));
    }
}
