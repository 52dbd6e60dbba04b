package skbstress.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import skbstress.api.SkbConfig;
import skbstress.canary.Canaries;
import skbstress.impl.SkbImpl;
import skbstress.impl.slab.Magazine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the stress job: jcstress races, Lincheck scenarios (model checking and stress) and "
                + "the soaks (differential against the model, and concurrent), within a time budget; prints a "
                + "verdict table and writes a report folder (index.html, summary.json, junit.xml).",
                "Canaries (deliberately broken variants) run only with --canaries. A canary passes (CAUGHT) when its "
                        + "test fails the way it was made to (a forbidden outcome of its race, a non-linearizable "
                        + "or broken-at-quiescence Lincheck verdict); it fails the run (MISSED) when its test passes, "
                        + "and a crash, a timeout or a run of nothing never counts as catching it.",
                "Exit code 0 when every test passed and every canary was caught; 1 when not, or when a test hung."})
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-p", "--profile"}, defaultValue = "quick",
            description = "quick (every test briefly, under 4 minutes) or full (jcstress's quick mode in every "
                    + "JVM configuration, 10x the Lincheck budget, an hour of soak: two soaks of at least 30 minutes). Default: ${DEFAULT-VALUE}.")
    Profile profile;

    @Option(names = {"-b", "--budget"}, converter = Budget.class, paramLabel = "TIME",
            description = "Time for the whole job, e.g. 90s, 5m, 1h30m (default: the profile's, 4m or 3h3m). "
                    + "The soaks get what jcstress and Lincheck leave.")
    Duration budget;

    @Option(names = {"-f", "--filter"}, paramLabel = "REGEX", defaultValue = "",
            description = "Runs the tests whose id contains a match (ids: skbstress list), e.g. 'jcstress:Users', "
                    + "'lincheck:slab', ':model-checking', 'soak'.")
    String filter;

    @Option(names = "--canaries", description = "Also runs the canaries (Broken...), which must be caught.")
    boolean canaries;

    @Option(names = {"-s", "--seed"}, description = "First seed of the soaks (default: a fresh one each run, "
            + "printed in the plan and the report; give it to replay a run).")
    Long seed;

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

    @Option(names = "--hang-after", converter = Budget.class, paramLabel = "TIME", defaultValue = "30s",
            description = "A test that reports no progress for this long, or runs past three times its estimate "
                    + "plus a minute, is stopped as hung: the run ends with FAIL and a thread dump in the report. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration hangAfter;

    @Option(names = "--subject", paramLabel = "NAME", defaultValue = "skbstress", description = "The subject to "
            + "check (list --subjects shows them): the tests that apply to its capabilities run, the others are "
            + "listed as not applicable, with why. Default: ${DEFAULT-VALUE}, this project's implementation.")
    String subject;

    @Option(names = "--fail-fast", description = "Stops at the first failing test (the rest are SKIPPED), and "
            + "runs the cheapest checks first: the Lincheck stress runs, then model checking, then jcstress, then "
            + "the soaks.")
    boolean failFast;

    @Option(names = "--leak-detection", paramLabel = "LEVEL", defaultValue = "off",
            converter = Diagnostics.LevelConverter.class, completionCandidates = Diagnostics.Levels.class,
            description = "What the implementation records about its objects for the leak reports of failing tests "
                    + "(${COMPLETION-CANDIDATES}): counts of lifecycle events; sampled, the allocation site and last "
                    + "events of one object in 1024 (-Dskbstress.leakDetection.interval=N); paranoid, those of every "
                    + "object. Default: ${DEFAULT-VALUE}.")
    skbstress.api.LeakLevel leakDetection = skbstress.api.LeakLevel.OFF;

    @Option(names = "--poison", description = "The implementation poisons freed objects and reports writes after "
            + "free (with the object, the bytes and its last owner).")
    boolean poison;

    @Option(names = "--jfr", paramLabel = "FILE", description = "Records the run with JFR into FILE (the JDK's "
            + "default events and the skbstress.* ones: Alloc, Free, Clone, HandOff, Completion, Saturation, "
            + "DepotCasRetry), written at the end even when the run fails (at most its last 1 GB: a soak "
            + "sends 10 to 15 MB of events a second); read it with jfr print --events 'skbstress.*' FILE, or "
            + "in JDK Mission Control. The Lincheck runs and the soaks are recorded; jcstress's forked JVMs "
            + "are not.")
    Path jfr;

    @Option(names = {"-q", "--quiet"}, description = "Prints only the verdict and the report's place.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also prints the tools' own output.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Time an item may run past three times its estimate before the watchdog stops it. */
    static final Duration MARGIN = Duration.ofMinutes(1);

    @Override
    public Integer call() throws Exception {
        Diagnostics diag = diagnostics();
        diag.check(); // a bad place for the recording is refused before anything else
        // every SkbImpl this JVM makes from here on reads them; put back at the end for a longer-lived JVM
        Diagnostics.Applied applied = diag.apply();
        try {
            return run(diag);
        } finally {
            applied.close();
        }
    }

    /** The diagnostics the options ask for. */
    Diagnostics diagnostics() {
        return new Diagnostics(leakDetection, poison, jfr);
    }

    private int run(Diagnostics diag) throws Exception {
        // Everything that can be wrong with the input is found here, before any long work.
        if (quiet && verbose) {
            throw new IllegalArgumentException("--quiet and --verbose exclude each other");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("--threads " + threads + " must be in [1, 64]");
        }
        if (hangAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("--hang-after must be at least 1s");
        }
        Duration b = budget == null ? profile.defaultBudget : budget;
        if (b.isZero() || b.isNegative()) {
            throw new IllegalArgumentException("--budget must be positive");
        }
        skbstress.api.subject.Subject checked = skbstress.subject.Subjects.named(subject);
        skbstress.subject.Subjects.applySystemProperties(checked); // before the catalog loads anything of it
        List<Catalog.TestCase> applicable = new ArrayList<>();
        List<RunReport.NotApplicable> skippedHere = new ArrayList<>();
        java.util.regex.Pattern selected = Plan.filter(filter);
        for (Catalog.TestCase c : Catalog.all()) {
            String why = Catalog.whyNot(c, checked);
            if (why == null) {
                applicable.add(c);
            } else if (selected.matcher(c.id()).find() && (canaries || !c.canary())) {
                skippedHere.add(new RunReport.NotApplicable(c.id(), why));
            }
        }
        if (!skippedHere.isEmpty() && applicable.stream().noneMatch(c -> selected.matcher(c.id()).find()
                && (canaries || !c.canary()))) {
            throw new IllegalArgumentException("none of the selected tests applies to " + checked.name() + " ("
                    + String.join(", ", checked.capabilities().stream().map(Enum::name).toList()) + "); for example "
                    + skippedHere.get(0).id() + ": " + skippedHere.get(0).why());
        }
        Plan plan = Plan.make(applicable, profile, b, filter, canaries, shard);
        if (!subject.equals(skbstress.subject.Subjects.DEFAULT)) {
            // for the Lincheck runs, in this JVM; set after the catalog was read, whose races' classes make
            // their capabilities when they are loaded, and need not apply to this subject
            System.setProperty(skbstress.races.Races.SUBJECT_PROPERTY, subject);
        }
        Path dir = report != null ? report : defaultReportDir();
        requireWritable(dir);
        long firstSeed = seed != null ? seed : freshSeed();

        PrintStream out = System.out;
        Progress.Level level = quiet ? Progress.Level.QUIET : verbose ? Progress.Level.VERBOSE : Progress.Level.NORMAL;
        if (level != Progress.Level.QUIET) {
            out.printf(Locale.ROOT, "skbstress run: profile %s, budget %s, shard %s, seed %d%s%n", profile.label(),
                    Budget.format(b), shard, firstSeed, seed != null ? "" : " (fresh: --seed " + firstSeed
                            + " replays it)");
            out.printf(Locale.ROOT, "  subject %s%s%n", checked.name(), skippedHere.isEmpty() ? ""
                    : ": " + skippedHere.size() + " tests do not apply to it (listed in the report, with why)");
            out.printf(Locale.ROOT, "  %d jcstress tests (about %s with its start), %d Lincheck runs (about %s with "
                            + "its start), %d soaks (%s each)%n",
                    plan.count(Catalog.Kind.JCSTRESS), Budget.format(secs(plan.jcstressSeconds)),
                    plan.count(Catalog.Kind.LINCHECK), Budget.format(secs(plan.lincheckSeconds)),
                    plan.count(Catalog.Kind.SOAK), Budget.format(plan.soakEach));
            if (diag.any()) {
                out.println("  diagnostics: " + diag.describe() + " (in the jcstress forks too: "
                        + String.join(" ", diag.jvmArgs()) + ")");
            }
            out.println("  report: " + dir.toAbsolutePath().normalize());
        }
        String started = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19);
        Environment env = Environment.probe().withDiagnostics(diag);
        long t0 = System.nanoTime();
        Job.Result result;
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        // the recording is written when it closes: after the last test, whether the run passed, failed or threw
        JfrRecording recording = diag.jfr() == null ? null : JfrRecording.start(diag.jfr());
        try (Progress progress = new Progress(out, level, terminal, plan.tests.size(),
                plan.jcstressSeconds + plan.lincheckSeconds, plan.soakSeconds())) {
            List<Job.Item> items = items(plan, dir, firstSeed, progress);
            result = new Job(hangAfter, MARGIN).failFast(failFast).run(failFast ? byCost(items) : items, progress);
        } finally {
            if (recording != null) {
                recording.close();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        RunReport r = new RunReport(RunReport.SCHEMA, "skbstress", commandLine(), profile.label(), shard.toString(),
                firstSeed, Budget.format(b), b.toSeconds(), started, seconds, Math.max(0, seconds - b.toSeconds()),
                RunReport.verdictOf(result.tests()), env, result.hang(), result.tests(), // a HUNG test fails it
                checked.name(), skippedHere);
        ReportWriter.write(dir, r);
        Summary.print(out, r, dir, quiet);
        if (diag.jfr() != null) {
            Path f = diag.jfr().toAbsolutePath().normalize();
            out.println(Files.isRegularFile(f) ? String.format(Locale.ROOT, "JFR recording: %s (%,d bytes); read it "
                    + "with: jfr print --events 'skbstress.*' %s", f, Files.size(f), f)
                    : "JFR recording: " + f + " was not written (JFR said why above)");
        }
        return r.verdict().equals("PASS") ? 0 : Main.FAILED;
    }

    /** The plan as the job's items: the jcstress pass, each Lincheck run, each soak, in that order. */
    List<Job.Item> items(Plan plan, Path dir, long firstSeed, Progress progress) {
        List<Job.Item> items = new ArrayList<>();
        List<Catalog.TestCase> jc = plan.tests.stream().filter(t -> t.kind() == Catalog.Kind.JCSTRESS).toList();
        if (!jc.isEmpty()) {
            Duration timeout = secs(plan.jcstressSeconds * 3).plus(MARGIN).plusMinutes(1); // the watchdog acts first
            items.add(new Job.Item("jcstress: " + jc.size() + " tests", jc, plan.jcstressSeconds, false, true,
                    Duration.ZERO, w -> JcstressTests.run(jc, jcstressOptions(), dir.resolve("jcstress"), dir,
                            timeout, w, progress::toolLine), dump -> JcstressTests.hungIn(jc, dump), doing -> ""));
        }
        boolean first = true;
        for (Catalog.TestCase c : plan.tests) {
            if (c.kind() == Catalog.Kind.LINCHECK) {
                items.add(new Job.Item(c.id(), List.of(c), plan.lincheckSeconds(c, first), false, false,
                        w -> List.of(LincheckTests.run(c, profile.lincheck))));
                first = false;
            }
        }
        double soak = plan.soakEach.toMillis() / 1000.0;
        for (Catalog.TestCase c : plan.tests) {
            if (c.kind() == Catalog.Kind.SOAK && c.target().equals("differential")) {
                // it reports progress once per seed, and a failing seed is shrunk for up to 30 s
                Duration quiet = Duration.ofMillis(3L * profile.differentialSteps).plusSeconds(30);
                items.add(new Job.Item(c.id(), List.of(c), soak, true, true, quiet, w -> List.of(Tests.differential(c,
                        firstSeed, shard, plan.soakEach, profile.differentialSteps, w)), dump -> Set.of(),
                        doing -> replaySeed(doing, "differential", "--steps " + profile.differentialSteps)));
            } else if (c.kind() == Catalog.Kind.SOAK && !c.canary()) {
                items.add(new Job.Item(c.id(), List.of(c), soak, true, true, Duration.ZERO, w -> List.of(
                        Tests.concurrent(c, firstSeed, shard, plan.soakEach, threads, profile.soakOpsPerThread, w,
                                SkbImpl::new)),
                        dump -> Set.of(), doing -> replaySeed(doing, "concurrent", "--threads " + threads + " --ops "
                        + profile.soakOpsPerThread)));
            }
        }
        // last: a hang ends the run (its threads spin on), so nothing may come after the livelock canary
        for (Catalog.TestCase c : plan.tests) {
            if (c.kind() == Catalog.Kind.SOAK && c.canary()) {
                items.add(new Job.Item(c.id(), List.of(c), Plan.LIVELOCK_SECONDS, true, true, Duration.ZERO,
                        w -> List.of(Tests.concurrent(c, firstSeed, shard, Duration.ofSeconds(10), threads,
                                profile.soakOpsPerThread, w, () -> Canaries.slabValidOffByOne(SkbConfig.UNBOUNDED,
                                        Magazine.CAPACITY))), dump -> Set.of(), doing -> ""));
            }
        }
        return items;
    }

    /**
     * The profile's jcstress options, and for jcstress's forked JVMs the subject (with its options) when not ours
     * and the run's diagnostics.
     */
    List<String> jcstressOptions() {
        List<String> o = new ArrayList<>(profile.jcstressOptions);
        o.addAll(JcstressTests.forkOptions(subject, diagnostics().jvmArgs()));
        return o;
    }

    /**
     * The items cheapest first, for --fail-fast: a planted bug fails its first cheap check within seconds
     * instead of after the jcstress pass. Lincheck stress runs (a second or two each), then model checking,
     * then the jcstress pass, then the soaks (which take their whole share of the budget); the livelock
     * canary stays last, since a hang ends the run.
     */
    static List<Job.Item> byCost(List<Job.Item> items) {
        List<Job.Item> out = new ArrayList<>(items);
        out.sort(java.util.Comparator.comparingInt(RunCommand::costRank));
        return out;
    }

    private static int costRank(Job.Item item) {
        Catalog.TestCase c = item.tests().get(0);
        return switch (c.kind()) {
            case LINCHECK -> c.mode() == skbstress.lincheck.LincheckSuite.Mode.STRESS ? 0 : 1;
            case JCSTRESS -> 2;
            case SOAK -> c.canary() ? 5 : c.target().equals("differential") ? 3 : 4;
        };
    }

    private static final java.util.regex.Pattern SEED = java.util.regex.Pattern.compile("seed (-?\\d+)");

    /** The replay of the soak round a hang interrupted, from its progress text ("..., seed 42"), or "". */
    static String replaySeed(String doing, String soak, String options) {
        java.util.regex.Matcher m = SEED.matcher(doing == null ? "" : doing);
        return m.find() ? Tests.LAUNCHER + " replay " + soak + " --seed " + m.group(1) + " " + options : "";
    }

    /** A fresh random seed, short enough to type: 12 decimal digits at most. */
    static long freshSeed() {
        return Math.floorMod(new SecureRandom().nextLong(), 1_000_000_000_000L);
    }

    private static Duration secs(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }

    private String commandLine() {
        return Tests.commandLine(spec);
    }

    static Path defaultReportDir() {
        return defaultReportDir("skbstress-reports");
    }

    /** {@code stress/target/<folder>/<date-time>} (or {@code target/...} outside the project's root). */
    static Path defaultReportDir(String folder) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss"));
        Path base = Files.isDirectory(Path.of("stress")) ? Path.of("stress", "target") : Path.of("target");
        return base.resolve(folder).resolve(stamp);
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
