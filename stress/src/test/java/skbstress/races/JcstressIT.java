package skbstress.races;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import skbstress.job.JcstressRun;
import skbstress.job.JcstressRun.Verdict;

/**
 * A short jcstress pass over the shaded jar, after it is packaged (failsafe, in {@code verify}), graded
 * from jcstress's own results file: every real race passes in every configuration of the job's quick
 * profile, and every canary is caught the way it was made to be, by a forbidden outcome, with no
 * configuration crashed or timed out (a crash would mean the broken code fell over, not that the race test
 * saw it). Each run is bounded in time.
 */
class JcstressIT {
    private static final Path JAR = Path.of(System.getProperty("skbstress.jcstress.jar", "target/skbstress-jcstress.jar"));
    private static final Path WORK = Path.of(System.getProperty("skbstress.jcstress.work", "target/jcstress-it"));
    private static final Duration BOUND = Duration.ofMinutes(8);

    /**
     * The JVM configurations of the job's quick profile: with its {@code -jvmArgs} given, jcstress makes 2 of
     * them instead of sanity mode's 8, a quarter of the forks (the pass over 89 tests took 463 s in 8, past
     * CI's budget), each for 500 ms instead of 200, so that a race gets about as many samples as before. The
     * full profile runs every configuration, and a canary unseen here gets them all below.
     */
    static final List<String> QUICK_CONFIGURATIONS = List.of("-jvmArgs", "-Xss4m");

    private static JcstressRun.Result run(String name, boolean canaries) throws Exception {
        List<String> options = new ArrayList<>(JcstressRun.sanityOptions());
        options.set(options.indexOf("-time") + 1, "500");
        options.addAll(QUICK_CONFIGURATIONS);
        return run(name, RaceCatalog.selector(canaries), options);
    }

    private static JcstressRun.Result run(String name, String selector, List<String> options) throws Exception {
        JcstressRun.Result r = JcstressRun.run(JAR.toString(), selector, options, WORK.resolve(name), BOUND,
                line -> { });
        System.out.printf("jcstress %s: %d tests, exit %d, %.0f s (start %.0f s), results file %s%n", name,
                r.tests().size(), r.exitCode(), r.took().toMillis() / 1e3, r.startSeconds(), r.resultsFile());
        r.tests().values().forEach(t -> System.out.printf("  %-45s %-6s %2d configurations %,9d samples %,7d forbidden "
                + "%5.1f s%n", t.name(), t.verdict(), t.configs().size(), t.samples(), t.forbidden(), t.seconds()));
        assertThat(r.timedOut()).as("ran past %s; console in %s", BOUND, r.log()).isFalse();
        assertThat(r.problem()).as("console in %s", r.log()).isNull();
        for (JcstressRun.Test t : r.tests().values()) {
            assertThat(t.configs()).as("%s: its configurations", t.name()).isNotEmpty();
            assertThat(t.samples()).as("%s ran something", t.name()).isPositive();
            assertThat(t.seconds()).as("%s: its own time", t.name()).isPositive()
                    .isLessThan(r.took().toMillis() / 1e3);
        }
        return r;
    }

    @Test
    void everyRaceHoldsInEveryConfiguration() throws Exception {
        List<String> tests = RaceCatalog.names().stream().filter(n -> !RaceCatalog.canary(n)).toList();
        JcstressRun.Result r = run("races", false);
        Map<String, Verdict> want = new TreeMap<>();
        tests.forEach(t -> want.put(t, Verdict.OK));
        assertThat(r.verdicts()).as("every race ran and passed; console in %s", r.log()).isEqualTo(want);
        r.tests().values().forEach(t -> assertThat(t.forbidden()).as(t.name()).isZero());
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void everyCanaryIsCaughtByAForbiddenOutcome() throws Exception {
        List<String> canaries = RaceCatalog.names().stream().filter(RaceCatalog::canary).toList();
        JcstressRun.Result r = run("canaries", true);
        assertThat(r.tests().keySet()).as("every canary ran").containsExactlyInAnyOrderElementsOf(canaries);
        Map<String, JcstressRun.Test> graded = new TreeMap<>(r.tests());
        // A canary whose window is a few instructions wide is seen in about one sample in a hundred, and the
        // sanity pass takes a hundred or so per configuration: one that went unseen, without a crash, gets
        // one more run alone at five times the time, in all of sanity mode's configurations. Crashed or caught
        // canaries are graded as they are.
        List<String> unseen = graded.values().stream()
                .filter(t -> t.verdict() == Verdict.OK && t.count(Verdict.ERROR) == 0).map(JcstressRun.Test::name)
                .toList();
        if (!unseen.isEmpty()) {
            String only = "^(" + String.join("|", unseen).replace(".", "\\.") + ")$";
            List<String> longer = new ArrayList<>(JcstressRun.sanityOptions());
            longer.set(longer.indexOf("-time") + 1, "1000");
            JcstressRun.Result again = run("canaries-again", only, longer);
            assertThat(again.tests().keySet()).as("every unseen canary ran again")
                    .containsExactlyInAnyOrderElementsOf(unseen);
            graded.putAll(again.tests());
        }
        for (JcstressRun.Test t : graded.values()) {
            assertThat(t.verdict()).as("canary %s: FAILED by a forbidden outcome, not crashed (ERROR) or missed (OK); "
                    + "console in %s", t.name(), r.log()).isEqualTo(Verdict.FAILED);
            assertThat(t.count(Verdict.ERROR)).as("%s: configurations that crashed", t.name()).isZero();
            assertThat(t.forbidden()).as("%s: forbidden samples", t.name()).isPositive();
            assertThat(t.configs().stream().filter(c -> c.verdict() == Verdict.FAILED))
                    .as("%s: a FAILED configuration saw a forbidden outcome", t.name())
                    .allMatch(c -> c.forbidden() > 0);
        }
        assertThat(r.exitCode()).as("jcstress's exit code with failing tests").isNotZero();
    }
}
