package skbstress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.io.TempDir;
import skbstress.job.JcstressRun;
import skbstress.job.JcstressRun.Verdict;
import skbstress.lincheck.LincheckSuite;

/**
 * The job's verdicts without running the tools: canaries count only the failure they were made for, a
 * test that stops making progress ends the run as HUNG with a thread dump, an overrun budget is said in
 * every report, and the plan counts each tool's start.
 */
class JobTest {
    @TempDir
    Path tmp;

    private static Catalog.TestCase test(String id) {
        return Catalog.all().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    // ---------------------------------------------------------------- canaries

    @Test
    void aCanaryPassesOnlyByTheFailureItWasMadeFor() {
        Catalog.TestCase real = test("jcstress:Users_01_TwoHoldersFree");
        Catalog.TestCase canary = test("jcstress:BrokenUsers_01_PlainDecrement");
        assertThat(Tests.status(canary, Tests.Finding.MADE_FOR)).isEqualTo("CAUGHT");
        assertThat(Tests.status(canary, Tests.Finding.CLEAN)).isEqualTo("MISSED");
        assertThat(Tests.status(canary, Tests.Finding.OTHER_FAILURE)).isEqualTo("MISSED");
        assertThat(Tests.status(canary, Tests.Finding.CRASH)).isEqualTo("ERROR");
        assertThat(Tests.status(real, Tests.Finding.CLEAN)).isEqualTo("PASS");
        assertThat(Tests.status(real, Tests.Finding.MADE_FOR)).isEqualTo("FAIL");
        assertThat(Tests.status(real, Tests.Finding.CRASH)).isEqualTo("ERROR");

        // jcstress: caught only by a forbidden outcome in a run where no configuration crashed
        JcstressRun.Config forbidden = config(Verdict.FAILED, 100, 7);
        JcstressRun.Config ok = config(Verdict.OK, 100, 0);
        JcstressRun.Config crashed = config(Verdict.ERROR, 0, 0);
        assertThat(jcstress(canary, Verdict.FAILED, forbidden, ok).status()).isEqualTo("CAUGHT");
        assertThat(jcstress(canary, Verdict.ERROR, forbidden, crashed).status()).as("a crash beside it")
                .isEqualTo("ERROR");
        assertThat(jcstress(canary, Verdict.ERROR, crashed).status()).isEqualTo("ERROR");
        assertThat(jcstress(canary, Verdict.OK, ok, ok).status()).isEqualTo("MISSED");
        assertThat(jcstress(canary, Verdict.FAILED, config(Verdict.FAILED, 100, 0)).status())
                .as("failed without a forbidden outcome").isEqualTo("MISSED");
        assertThat(jcstress(canary, Verdict.OK, config(Verdict.OK, 0, 0)).status()).as("ran nothing")
                .isEqualTo("ERROR");
        assertThat(jcstress(real, Verdict.OK, config(Verdict.OK, 0, 0)).summary()).startsWith("ran nothing");
        assertThat(JcstressTests.report(canary, null, result(), "-m sanity", tmp, tmp).status())
                .as("no result at all").isEqualTo("ERROR");
        assertThat(jcstress(real, Verdict.FAILED, forbidden, ok).status()).isEqualTo("FAIL");

        // Lincheck: a throwable that is not Lincheck's verdict is a crash, whatever its message says
        Catalog.TestCase lc = test("lincheck:refcount-plain-users-decrement:stress");
        LincheckSuite.Profile p = LincheckSuite.Profile.QUICK;
        assertThat(LincheckTests.report(lc, p, new AssertionError("= Invalid execution results ="), 1).status())
                .isEqualTo("ERROR");
        assertThat(LincheckTests.report(lc, p, new IllegalStateException("boom"), 1).status()).isEqualTo("ERROR");
        assertThat(LincheckTests.report(lc, p, null, 1).status()).isEqualTo("MISSED");
        assertThat(LincheckTests.report(test("lincheck:refcount:stress"), p, null, 1).status()).isEqualTo("PASS");
    }

    @Test
    void aRealLincheckVerdictCatchesTheCanaryAndJunitCountsItAsPassing() throws Exception {
        // model checking: it finds the missing tag bump whatever else the machine runs; stress mode may not
        Catalog.TestCase lc = test("lincheck:depot-missing-tag-bump:model-checking");
        RunReport.TestReport t = LincheckTests.run(lc, LincheckSuite.Profile.QUICK);
        assertThat(t.status()).as(t.details()).isEqualTo("CAUGHT");
        assertThat(t.summary()).as("the verdict, and how deep the model checker had to go")
                .matches("caught: Invalid execution results, in an interleaving of \\d+ switch(es)?");
        RunReport.TestReport missed = LincheckTests.report(lc, LincheckSuite.Profile.QUICK, null, 1);
        String xml = ReportWriter.junit(report(List.of(t, missed), 10, 100, null));
        assertThat(xml).contains("tests=\"2\" failures=\"1\" errors=\"0\"")
                .contains("<failure type=\"MISSED\"").doesNotContain("<failure type=\"CAUGHT\"");
    }

    private static JcstressRun.Config config(Verdict v, long samples, long forbidden) {
        return new JcstressRun.Config("-Xss4m", "split, a: C2, b: C1", v, v.name(), samples, forbidden,
                List.of("message"));
    }

    private RunReport.TestReport jcstress(Catalog.TestCase c, Verdict v, JcstressRun.Config... configs) {
        List<JcstressRun.Outcome> outcomes = configs[0].forbidden() > 0
                ? List.of(new JcstressRun.Outcome("0, 0", configs[0].forbidden(), "Forbidden", "both"))
                : List.of(new JcstressRun.Outcome("1, 0", configs[0].samples(), "Acceptable", "one"));
        JcstressRun.Test t = new JcstressRun.Test(c.target(), v, List.of(configs), outcomes, 2.5);
        return JcstressTests.report(c, t, result(), "-m sanity", tmp, tmp);
    }

    private JcstressRun.Result result() {
        return new JcstressRun.Result(0, false, java.util.Map.of(), null, null, tmp.resolve("jcstress.log"),
                tmp.resolve("index.html"), Duration.ofSeconds(10), 5);
    }

    // ---------------------------------------------------------------- hangs

    @Test
    void aTestThatStopsMakingProgressEndsTheRunAsHungWithEveryThreadsStack() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Catalog.TestCase diff = test("soak:differential");
        Catalog.TestCase conc = test("soak:concurrent");
        Catalog.TestCase lin = test("lincheck:depot:stress");
        List<Job.Item> items = List.of(
                new Job.Item("lincheck:depot:stress", List.of(lin), 1, false, false,
                        w -> List.of(Tests.report(lin, "PASS", 1, "invocations", 0.1, "fine", "", "", List.of(), "",
                                List.of()))),
                new Job.Item("soak:concurrent", List.of(conc), 60, true, true, Duration.ZERO, w -> {
                    w.current("round 1");
                    w.beat();
                    w.current("soak: concurrent, round 2, seed 42");
                    never.await(); // stands for threads spinning in a retry loop
                    return List.of();
                }, dump -> java.util.Set.of(), doing -> RunCommand.replaySeed(doing, "concurrent", "--ops 9")),
                new Job.Item("soak:differential", List.of(diff), 60, true, true, w -> List.of()));
        long t0 = System.nanoTime();
        Job.Result r;
        try (Progress p = new Progress(new PrintStream(new ByteArrayOutputStream()), Progress.Level.QUIET, false, 3, 1,
                120)) {
            r = new Job(Duration.ofSeconds(1), Duration.ofMinutes(1)).run(items, p);
        } finally {
            never.countDown();
        }
        assertThat((System.nanoTime() - t0) / 1e9).as("stopped soon after a second without progress").isLessThan(10);
        assertThat(r.tests()).extracting(RunReport.TestReport::status).containsExactly("PASS", "HUNG", "SKIPPED");
        assertThat(r.hang()).isNotNull();
        assertThat(r.hang().test()).isEqualTo("soak:concurrent");
        assertThat(r.hang().doing()).isEqualTo("soak: concurrent, round 2, seed 42");
        assertThat(r.hang().why()).startsWith("made no progress for");
        assertThat(r.hang().threadDump()).contains("\"skbstress-test soak:concurrent\"")
                .contains("java.util.concurrent.CountDownLatch.await").contains("JobTest");
        assertThat(r.tests().get(1).summary()).contains("round 2, seed 42");
        assertThat(r.tests().get(1).replay()).isEqualTo("./skbstress replay concurrent --seed 42 --ops 9");
        assertThat(r.tests().get(2).summary()).contains("not run");

        Path dir = tmp.resolve("hung");
        RunReport rep = report(r.tests(), 5, 135, r.hang());
        assertThat(rep.verdict()).isEqualTo("FAIL");
        ReportWriter.write(dir, rep);
        assertThat(ReportWriter.read(dir).hang().doing()).isEqualTo("soak: concurrent, round 2, seed 42");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("id=\"hang\"").contains("Every thread's stack")
                .contains("CountDownLatch.await");
        assertThat(Files.readString(dir.resolve("junit.xml"))).contains("<failure type=\"HUNG\"")
                .contains("<skipped message=").contains("hung: soak:concurrent");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Summary.print(new PrintStream(text, true, StandardCharsets.UTF_8), rep, dir, false);
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("HUNG: soak:concurrent made no progress")
                .contains("FAIL: 3 tests, 1 failed, 1 not run");
    }

    @Test
    void aTestThatCannotReportProgressIsStoppedFarPastItsEstimate() {
        Catalog.TestCase lin = test("lincheck:depot:stress");
        Job job = new Job(Duration.ofSeconds(30), Duration.ofMillis(500));
        Job.Item item = new Job.Item(lin.id(), List.of(lin), 0.2, false, false, w -> {
            Thread.sleep(60_000); // the watchdog interrupts it once declared hung
            return List.of();
        });
        assertThat(job.limits(item).stall()).as("no progress source: only the bound").isNull();
        assertThat(job.limits(item).bound()).isEqualTo(Duration.ofMillis(1100));
        Job.Result r;
        try (Progress p = new Progress(new PrintStream(new ByteArrayOutputStream()), Progress.Level.QUIET, false, 1, 1,
                0)) {
            r = job.run(List.of(item), p);
        }
        assertThat(r.tests()).extracting(RunReport.TestReport::status).containsExactly("HUNG");
        assertThat(r.hang().why()).startsWith("still running after").contains("past its bound of 1 s");
    }

    @Test
    void eachItemIsBoundedByWhatItCanReport() {
        RunCommand cmd = new RunCommand();
        cmd.profile = Profile.QUICK;
        cmd.shard = Shard.WHOLE;
        cmd.threads = 4;
        Plan plan = Plan.make(Catalog.all(), Profile.QUICK, Duration.ofMinutes(4), "jcstress:Users_01|lincheck:depot:"
                + "stress|soak", false, Shard.WHOLE);
        Job job = new Job(Duration.ofSeconds(30), Duration.ofMinutes(1));
        try (Progress p = new Progress(new PrintStream(new ByteArrayOutputStream()), Progress.Level.QUIET, false, 4, 1,
                0)) {
            List<Job.Item> items = cmd.items(plan, tmp, 1, p);
            assertThat(items).extracting(Job.Item::label).containsExactly("jcstress: 1 tests", "lincheck:depot:stress",
                    "soak:concurrent", "soak:differential");
            assertThat(items).extracting(i -> job.limits(i).stall()).as("Lincheck reports no progress; a "
                    + "differential seed (2,000 steps) and its shrinking may take a minute").containsExactly(
                    Duration.ofSeconds(30), null, Duration.ofSeconds(30), Duration.ofSeconds(66));
            for (Job.Item i : items) {
                assertThat(job.limits(i).bound()).as(i.label()).isEqualTo(
                        Duration.ofMillis((long) (i.estimate() * 3000)).plusMinutes(1));
            }
        }
    }

    @Test
    void theJobsOwnCrashIsAnErrorNeverAPass() {
        Catalog.TestCase lin = test("lincheck:depot:stress");
        Job.Result r;
        try (Progress p = new Progress(new PrintStream(new ByteArrayOutputStream()), Progress.Level.QUIET, false, 1, 1,
                0)) {
            r = new Job(Duration.ofSeconds(5), Duration.ofSeconds(5)).run(List.of(new Job.Item(lin.id(), List.of(lin),
                    1, false, false, w -> {
                        throw new IllegalStateException("broken harness");
                    })), p);
        }
        assertThat(r.hang()).isNull();
        assertThat(r.tests()).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo("ERROR");
            assertThat(t.summary()).contains("broken harness");
        });
    }

    @Test
    void failFastStopsAtTheFirstFailureAndRunsTheCheapestFirst() {
        Catalog.TestCase stress = test("lincheck:depot:stress");
        Catalog.TestCase mc = test("lincheck:depot:model-checking");
        Catalog.TestCase diff = test("soak:differential");
        int[] ran = new int[1];
        Job.Item soak = new Job.Item(diff.id(), List.of(diff), 1, true, false, w -> {
            ran[0]++;
            return List.of(Tests.report(diff, "PASS", 1, "steps", 0, "", "", "", List.of(), "", List.of()));
        });
        Job.Item failing = new Job.Item(mc.id(), List.of(mc), 1, false, false, w -> List.of(Tests.report(mc, "FAIL",
                1, "", 0, "non-linearizable", "", "", List.of(), "", List.of())));
        Job.Item cheap = new Job.Item(stress.id(), List.of(stress), 1, false, false, w -> List.of(Tests.report(stress,
                "PASS", 1, "", 0, "", "", "", List.of(), "", List.of())));
        List<Job.Item> ordered = RunCommand.byCost(List.of(soak, failing, cheap));
        assertThat(ordered).extracting(Job.Item::label).containsExactly(stress.id(), mc.id(), diff.id());
        Job.Result r;
        try (Progress p = new Progress(new PrintStream(new ByteArrayOutputStream()), Progress.Level.QUIET, false, 3, 3,
                0)) {
            r = new Job(Duration.ofSeconds(5), Duration.ofSeconds(5)).failFast(true).run(ordered, p);
        }
        assertThat(r.tests()).extracting(RunReport.TestReport::status).containsExactly("PASS", "FAIL", "SKIPPED");
        assertThat(r.tests().get(2).summary()).contains("--fail-fast");
        assertThat(ran[0]).as("the soak after the failure never ran").isZero();
    }

    // ---------------------------------------------------------------- budget

    @Test
    void aRunPastItsBudgetSaysSoInEveryReport() throws Exception {
        RunReport.TestReport t = Tests.report(test("soak:differential"), "PASS", 1, "steps", 200, "agree", "", "",
                List.of(), "", List.of());
        RunReport over = report(List.of(t), 200, 135, null);
        assertThat(over.overBudgetSeconds()).isEqualTo(65);
        Path dir = tmp.resolve("over");
        ReportWriter.write(dir, over);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Summary.print(new PrintStream(text, true, StandardCharsets.UTF_8), over, dir, true);
        assertThat(text.toString(StandardCharsets.UTF_8))
                .contains("PASS: 1 tests, 0 failed. Took 3m20s: 65.0 s OVER its budget of 2m15s");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("class=\"meta over\"")
                .contains("65.0 s OVER its budget of 2m15s");
        assertThat(Files.readString(dir.resolve("junit.xml")))
                .contains("<property name=\"overBudgetSeconds\" value=\"65.0\"/>")
                .contains("<property name=\"budgetSeconds\" value=\"135\"/>")
                .contains("<system-out>Took 3m20s: 65.0 s OVER its budget of 2m15s");
        assertThat(Summary.timeLine(report(List.of(t), 100, 135, null))).isEqualTo(
                "Took 1m40s, within its budget of 2m15s");
    }

    @Test
    void thePlanCountsEachToolsStart() {
        Plan one = Plan.make(Catalog.all(), Profile.QUICK, Duration.ofMinutes(5), "jcstress:Users_01", false,
                Shard.WHOLE);
        assertThat(one.jcstressSeconds).isEqualTo(Plan.JCSTRESS_START + Profile.QUICK.jcstressSecondsPerTest);
        Catalog.TestCase lc = test("lincheck:depot:stress");
        Plan lin = Plan.make(Catalog.all(), Profile.QUICK, Duration.ofMinutes(5), "lincheck:(depot|slab):stress", false,
                Shard.WHOLE);
        double each = Plan.lincheckEstimate(lc, Profile.QUICK) + Plan.lincheckEstimate(test("lincheck:slab:stress"),
                Profile.QUICK);
        assertThat(lin.lincheckSeconds).isEqualTo(each + Plan.LINCHECK_START);
        RunCommand cmd = new RunCommand();
        cmd.profile = Profile.QUICK;
        cmd.shard = Shard.WHOLE;
        try (Progress p = new Progress(new PrintStream(new ByteArrayOutputStream()), Progress.Level.QUIET, false, 2, 1,
                0)) {
            List<Job.Item> items = cmd.items(lin, tmp, 1, p);
            assertThat(items).extracting(Job.Item::estimate).as("only the first Lincheck run pays Lincheck's start")
                    .containsExactly(Plan.lincheckEstimate(lc, Profile.QUICK) + Plan.LINCHECK_START,
                            Plan.lincheckEstimate(test("lincheck:slab:stress"), Profile.QUICK));
        }
    }

    private static RunReport report(List<RunReport.TestReport> tests, double seconds, double budget, RunReport.Hang h) {
        return new RunReport(RunReport.SCHEMA, "skbstress", "./skbstress run", "quick", "1/1", 1,
                Budget.format(Duration.ofSeconds((long) budget)), budget, "2026-11-30T00:00:00", seconds,
                Math.max(0, seconds - budget), RunReport.verdictOf(tests), Environment.probe(), h, tests, "skbstress",
                List.of());
    }

    // ---------------------------------------------------------------- JUnit's own watchdog

    @Test
    @ExtendWith(JunitSettings.class)
    void mavenRunsEveryTestUnderJunitsTimeoutOnAThreadOfItsOwn(JunitSettings settings) {
        assertThat(settings.timeout).as("junit.jupiter.execution.timeout.default (root pom)").isNotNull();
        assertThat(settings.threadMode).isEqualTo("SEPARATE_THREAD");
        assertThat(settings.threadDump).isEqualTo("true");
        assertThat(Thread.currentThread().getName()).startsWith("junit-timeout-thread-");
    }

    /** JUnit's configuration as the build passed it. */
    static final class JunitSettings implements ParameterResolver {
        String timeout;
        String threadMode;
        String threadDump;

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == JunitSettings.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            JunitSettings s = new JunitSettings();
            s.timeout = c.getConfigurationParameter("junit.jupiter.execution.timeout.default").orElse(null);
            s.threadMode = c.getConfigurationParameter("junit.jupiter.execution.timeout.thread.mode.default")
                    .orElse(null);
            s.threadDump = c.getConfigurationParameter("junit.jupiter.execution.timeout.threaddump.enabled")
                    .orElse(null);
            return s;
        }
    }
}
