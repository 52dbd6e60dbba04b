package skbstress.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the stress job: jcstress races, Lincheck scenarios (model checking and stress) and "
                + "the soaks (differential against the model, and concurrent), within a time budget; prints a "
                + "verdict table and writes a report folder (index.html, summary.json, junit.xml).",
                "Canaries (deliberately broken variants) run only with --canaries; they must fail."})
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-p", "--profile"}, defaultValue = "quick",
            description = "quick (every test briefly, about 2 minutes) or full (jcstress's quick mode in every "
                    + "JVM configuration, 10x the Lincheck budget, an hour of soak: two soaks of at least 30 minutes). Default: ${DEFAULT-VALUE}.")
    Profile profile;

    @Option(names = {"-b", "--budget"}, converter = Budget.class, paramLabel = "TIME",
            description = "Time for the whole job, e.g. 90s, 5m, 1h30m (default: the profile's, 2m15s or 110m). "
                    + "The soaks get what jcstress and Lincheck leave.")
    Duration budget;

    @Option(names = {"-f", "--filter"}, paramLabel = "REGEX", defaultValue = "",
            description = "Runs the tests whose id contains a match (ids: skbstress list), e.g. 'jcstress:Users', "
                    + "'lincheck:slab', ':model-checking', 'soak'.")
    String filter;

    @Option(names = "--canaries", description = "Also runs the canaries (Broken...); the run then fails.")
    boolean canaries;

    @Option(names = {"-s", "--seed"}, defaultValue = "20261126", description = "First seed of the soaks. "
            + "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = {"-t", "--threads"}, defaultValue = "4", description = "Threads of the concurrent soak. "
            + "Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--shard", converter = Shard.Converter.class, paramLabel = "i/n", description = "Runs shard i "
            + "of n: every n-th test in id order, and the soaks on this shard's own seeds. Merge the shards' "
            + "reports with 'skbstress merge'.")
    Shard shard = Shard.WHOLE;

    @Option(names = {"-r", "--report"}, paramLabel = "DIR", description = "Report folder (default: "
            + "stress/target/skbstress-reports/<date-time>).")
    Path report;

    @Option(names = {"-q", "--quiet"}, description = "Prints only the verdict and the report's place.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also prints the tools' own output.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Everything that can be wrong with the input is found here, before any long work.
        if (quiet && verbose) {
            throw new IllegalArgumentException("--quiet and --verbose exclude each other");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("--threads " + threads + " must be in [1, 64]");
        }
        Duration b = budget == null ? profile.defaultBudget : budget;
        if (b.isZero() || b.isNegative()) {
            throw new IllegalArgumentException("--budget must be positive");
        }
        Plan plan = Plan.make(Catalog.all(), profile, b, filter, canaries, shard);
        Path dir = report != null ? report : defaultReportDir();
        requireWritable(dir);

        PrintStream out = System.out;
        Progress.Level level = quiet ? Progress.Level.QUIET : verbose ? Progress.Level.VERBOSE : Progress.Level.NORMAL;
        if (level != Progress.Level.QUIET) {
            out.printf(Locale.ROOT, "skbstress run: profile %s, budget %s, shard %s, seed %d%n", profile.label(),
                    Budget.format(b), shard, seed);
            out.printf(Locale.ROOT, "  %d jcstress tests (about %s), %d Lincheck runs (about %s), %d soaks (%s each)%n",
                    plan.count(Catalog.Kind.JCSTRESS), Budget.format(secs(plan.jcstressSeconds)),
                    plan.count(Catalog.Kind.LINCHECK), Budget.format(secs(plan.lincheckSeconds)),
                    plan.count(Catalog.Kind.SOAK), Budget.format(plan.soakEach));
            out.println("  report: " + dir.toAbsolutePath().normalize());
        }
        String started = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19);
        long t0 = System.nanoTime();
        List<RunReport.TestReport> results = new ArrayList<>();
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        try (Progress progress = new Progress(out, level, terminal, plan.tests.size(),
                plan.jcstressSeconds + plan.lincheckSeconds, plan.soakSeconds())) {
            runAll(plan, dir, progress, results);
        }
        RunReport r = new RunReport("skbstress", commandLine(), profile.label(), shard.toString(), seed,
                Budget.format(b), started, (System.nanoTime() - t0) / 1e9, RunReport.verdictOf(results), results);
        ReportWriter.write(dir, r);
        Summary.print(out, r, dir, quiet);
        return r.verdict().equals("PASS") ? 0 : Main.FAILED;
    }

    private void runAll(Plan plan, Path dir, Progress progress, List<RunReport.TestReport> results) throws Exception {
        List<Catalog.TestCase> jc = plan.tests.stream().filter(t -> t.kind() == Catalog.Kind.JCSTRESS).toList();
        if (!jc.isEmpty()) {
            progress.start("jcstress: " + jc.size() + " tests", plan.jcstressSeconds, false);
            Duration timeout = secs(plan.jcstressSeconds * 3 + 120);
            for (RunReport.TestReport t : Tests.jcstress(jc, profile.jcstressOptions, dir.resolve("jcstress"), dir,
                    timeout, progress)) {
                results.add(t);
                progress.finished(t);
            }
            progress.spent(plan.jcstressSeconds);
        }
        for (Catalog.TestCase c : plan.tests) {
            if (c.kind() == Catalog.Kind.LINCHECK) {
                double est = Plan.lincheckEstimate(c, profile);
                progress.start(c.id(), est, false);
                RunReport.TestReport t = Tests.lincheck(c, profile.lincheck, secs(Math.max(120, est * 4)));
                results.add(t);
                progress.finished(t);
                progress.spent(est);
            }
        }
        for (Catalog.TestCase c : plan.tests) {
            if (c.kind() == Catalog.Kind.SOAK) {
                double est = plan.soakEach.toMillis() / 1000.0;
                progress.start(c.id(), est, true);
                RunReport.TestReport t = c.target().equals("differential")
                        ? Tests.differential(c, seed, shard, plan.soakEach, profile.differentialSteps, progress)
                        : Tests.concurrent(c, seed, shard, plan.soakEach, threads, profile.soakOpsPerThread, progress);
                results.add(t);
                progress.finished(t);
                progress.spent(est);
            }
        }
    }

    private static Duration secs(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }

    private String commandLine() {
        return Tests.LAUNCHER + " " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    static Path defaultReportDir() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss"));
        Path base = Files.isDirectory(Path.of("stress")) ? Path.of("stress", "target") : Path.of("target");
        return base.resolve("skbstress-reports").resolve(stamp);
    }

    /** Creates the folder and writes into it, so that an unwritable place fails now, not after an hour. */
    static void requireWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", "");
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("cannot write the report to " + dir.toAbsolutePath().normalize()
                    + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
