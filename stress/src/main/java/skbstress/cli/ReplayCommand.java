package skbstress.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import skbstress.diff.Differential;
import skbstress.diff.Op;
import skbstress.lincheck.LincheckSuite;
import skbstress.soak.ConcurrentSoak;
import skbstress.impl.SkbImpl;
import skbstress.job.TestProgress;
import skbstress.job.Watchdog;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Reruns one failure from what a report printed (each failing test's 'replay' line).",
                "Exit code 1 when the failure shows again, 0 when it does not. A replay reports the raw outcome, "
                        + "canaries included: replaying a canary that is caught prints FAIL and exits 1 (its "
                        + "failure shows, as it should); one that is missed prints PASS and exits 0.",
                "A replay runs under the same watchdog as 'run': a test that hangs is stopped, its threads dumped, "
                        + "and the replay exits 1."},
        subcommands = {ReplayCommand.Jcstress.class, ReplayCommand.Lincheck.class, ReplayCommand.Diff.class,
                ReplayCommand.Concurrent.class})
final class ReplayCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "say what to replay: jcstress, lincheck, differential or concurrent");
    }

    private static PrintResult out() {
        return new PrintResult();
    }

    /** Prints one replayed result, as the raw outcome (a caught canary's failure is a FAIL), and its exit code. */
    static final class PrintResult {
        int print(RunReport.TestReport t) {
            String raw = switch (t.status()) {
                case "CAUGHT" -> "FAIL";
                case "MISSED" -> "PASS";
                default -> t.status();
            };
            System.out.printf(Locale.ROOT, "%s %s: %s%n", raw, t.id(), t.summary());
            if (!raw.equals("PASS") && t.details() != null && !t.details().isEmpty()) {
                System.out.println(t.details());
            }
            return raw.equals("PASS") ? 0 : Main.FAILED;
        }

        /** Runs one test under the watchdog and prints it; a hang prints the thread dump. */
        int watched(Catalog.TestCase c, Watchdog.Limits limits, Watchdog.Body<RunReport.TestReport> body) {
            Watchdog.Outcome<RunReport.TestReport> o = Watchdog.run(c.id(), limits, TestProgress.NONE, body);
            if (o.hang() != null) {
                System.out.printf(Locale.ROOT, "HUNG %s: %s, while %s%n%s%n", c.id(), o.hang().why(), o.hang().doing(),
                        o.hang().threadDump());
                return Main.FAILED;
            }
            if (o.thrown() != null) {
                System.out.printf(Locale.ROOT, "ERROR %s: the replay crashed: %s%n%s", c.id(), o.thrown(),
                        Tests.stackTrace(o.thrown()));
                return Main.FAILED;
            }
            return print(o.value());
        }
    }

    @Command(name = "jcstress", mixinStandardHelpOptions = true, description = "Reruns one jcstress test.")
    static final class Jcstress implements Callable<Integer> {
        @Parameters(paramLabel = "TEST", description = "The test's class name, e.g. Users_01_TwoHoldersFree.")
        String test;

        @Option(names = "--jcstress-options", paramLabel = "OPTIONS", defaultValue = "-m sanity -time 100 -iters 1",
                description = "jcstress's options, as the report printed them. Default: ${DEFAULT-VALUE}.")
        String options;

        @Option(names = {"-r", "--report"}, paramLabel = "DIR", description = "Where jcstress writes (default: "
                + "stress/target/skbstress-replay).")
        Path work;

        @Option(names = "--subject", paramLabel = "NAME", defaultValue = "skbstress", description = "The subject "
                + "the race runs on, as the report printed it. Default: ${DEFAULT-VALUE}.")
        String subject;

        @Override
        public Integer call() throws Exception {
            skbstress.subject.Subjects.named(subject); // an unknown name is refused before any work
            Catalog.TestCase c = Catalog.all().stream().filter(t -> t.id().equals("jcstress:" + test)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no jcstress test '" + test
                            + "' (skbstress list --kind jcstress)"));
            Path dir = work != null ? work : RunCommand.defaultReportDir().getParent().resolveSibling("skbstress-replay");
            RunCommand.requireWritable(dir);
            List<String> opts = new java.util.ArrayList<>(List.of(options.trim().split("\\s+")));
            opts.addAll(JcstressTests.subjectOptions(subject));
            // jcstress prints a line per configuration: a minute without one is a hang, whatever the options
            Watchdog.Limits limits = new Watchdog.Limits(Duration.ofMinutes(1), Duration.ofHours(6));
            return out().watched(c, limits, w -> JcstressTests.run(List.of(c), opts, dir, dir, Duration.ofHours(6), w,
                    line -> { }).get(0));
        }
    }

    @Command(name = "lincheck", mixinStandardHelpOptions = true, description = "Reruns one Lincheck scenario.")
    static final class Lincheck implements Callable<Integer> {
        @Parameters(paramLabel = "SCENARIO", description = "The scenario, e.g. refcount or depot-missing-tag-bump.")
        String scenario;

        @Option(names = "--mode", defaultValue = "model-checking", description = "model-checking or stress. "
                + "Default: ${DEFAULT-VALUE}.")
        String mode;

        @Option(names = "--profile", defaultValue = "quick", description = "quick, ci or full: the budget. Default: "
                + "${DEFAULT-VALUE}.")
        LincheckSuite.Profile profile;

        @Option(names = "--subject", paramLabel = "NAME", defaultValue = "skbstress", description = "The subject "
                + "the scenario runs on, as the report printed it. Default: ${DEFAULT-VALUE}.")
        String subject;

        @Override
        public Integer call() {
            skbstress.lincheck.Scenario s = LincheckSuite.named(scenario);
            LincheckSuite.Mode m = LincheckSuite.Mode.of(mode);
            skbstress.api.subject.Subject on = skbstress.subject.Subjects.named(subject);
            skbstress.subject.Subjects.applySystemProperties(on);
            Catalog.TestCase listed = Catalog.all().stream().filter(t -> t.id().equals("lincheck:" + s.name() + ":"
                    + m.label)).findFirst().orElse(null);
            String why = listed == null ? null : Catalog.whyNot(listed, on);
            if (why != null) {
                throw new IllegalArgumentException(s.name() + " does not apply to " + subject + ": " + why);
            }
            if (!subject.equals(skbstress.subject.Subjects.DEFAULT)) {
                System.setProperty(skbstress.races.Races.SUBJECT_PROPERTY, subject); // the scenario reads it
            }
            if (!s.modes().contains(m) || !s.runsIn(profile)) { // refused before any work
                throw new IllegalArgumentException(s.name() + " is a three-switch canary: it runs in model-checking "
                        + "mode with --profile full only, where the deep scenarios are searched");
            }
            Catalog.TestCase c = new Catalog.TestCase("lincheck:" + s.name() + ":" + m.label, Catalog.Kind.LINCHECK,
                    s.area(), List.of(s.protects().split(" ")), s.canary());
            // Lincheck reports no progress: only time bounds it, as in a run
            double estimate = Plan.LINCHECK_START + s.estimateSeconds(m, profile);
            Watchdog.Limits limits = new Watchdog.Limits(null,
                    Duration.ofMillis((long) (estimate * 3000)).plus(RunCommand.MARGIN));
            return out().watched(c, limits, w -> LincheckTests.run(c, profile));
        }
    }

    @Command(name = "differential", mixinStandardHelpOptions = true,
            description = "Replays differential steps: a generated run (--seed, --steps) or an exact sequence.")
    static final class Diff implements Callable<Integer> {
        @Option(names = "--seed", description = "The seed a report printed.")
        Long seed;

        @Option(names = "--steps", defaultValue = "2000", description = "Steps of the generated run. "
                + "Default: ${DEFAULT-VALUE}.")
        int steps;

        @Option(names = "--sequence", paramLabel = "STEPS", description = "An exact step list, as printed "
                + "('allocSkb 1074 1; clone -1; free -2').")
        String sequence;

        @Override
        public Integer call() {
            if ((seed == null) == (sequence == null)) {
                throw new IllegalArgumentException("give either --seed (with --steps) or --sequence");
            }
            if (steps < 1) {
                throw new IllegalArgumentException("--steps " + steps + " must be positive");
            }
            // parsed before anything runs: a sequence that names no real step is bad input (exit 2), not a run
            List<Op> ops = sequence != null ? Op.parse(sequence) : null;
            Differential.Failure f = ops != null ? Differential.run(Tests.DIFF_IMPL, ops)
                    : Differential.generated(Tests.DIFF_IMPL, seed, steps);
            int ran = ops != null ? ops.size() : steps;
            if (f == null) {
                System.out.printf(Locale.ROOT, "PASS: the implementation agrees with the model on every step (%d)%n",
                        ran);
                return 0;
            }
            System.out.println("FAIL at step " + f.step() + " (" + f.op() + "), of " + ran + ":");
            System.out.println("  " + f.why().replace("\n", "\n  "));
            return Main.FAILED;
        }
    }

    @Command(name = "concurrent", mixinStandardHelpOptions = true, description = "Reruns one concurrent soak round.")
    static final class Concurrent implements Callable<Integer> {
        @Option(names = "--seed", required = true, description = "The seed a report printed.")
        long seed;

        @Option(names = "--threads", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
        int threads;

        @Option(names = "--ops", defaultValue = "2000", description = "Operations per thread. "
                + "Default: ${DEFAULT-VALUE}.")
        int ops;

        @Override
        public Integer call() throws InterruptedException {
            if (threads < 1 || threads > 64 || ops < 1) {
                throw new IllegalArgumentException("--threads must be in [1, 64] and --ops positive");
            }
            ConcurrentSoak.Result r = new ConcurrentSoak(new SkbImpl(), new SkbImpl(), threads).round(seed, ops);
            if (r.ok()) {
                System.out.printf(Locale.ROOT, "PASS: %,d operations; at quiescence every total is the model's%n",
                        r.operations());
                return 0;
            }
            System.out.println("FAIL: " + String.join("\n  ", r.problems()));
            return Main.FAILED;
        }
    }
}
