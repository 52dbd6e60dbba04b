package skbstress.races;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import skbstress.job.JcstressRun;
import skbstress.job.JcstressRun.Verdict;

/**
 * A short jcstress pass over the shaded jar, after it is packaged (failsafe, in {@code verify}): every
 * real race passes in every configuration, and every canary is caught (FAILED: a forbidden outcome, or
 * ERROR: the broken code crashed). Each run is bounded in time.
 */
class JcstressIT {
    private static final Path JAR = Path.of(System.getProperty("skbstress.jcstress.jar", "target/skbstress-jcstress.jar"));
    private static final Path WORK = Path.of(System.getProperty("skbstress.jcstress.work", "target/jcstress-it"));
    private static final Duration BOUND = Duration.ofMinutes(10);

    @Test
    void everyRaceHoldsInEveryConfiguration() throws Exception {
        List<String> tests = RaceCatalog.names().stream().filter(n -> !RaceCatalog.canary(n)).toList();
        JcstressRun.Result r = JcstressRun.run(JAR.toString(), RaceCatalog.selector(false), JcstressRun.sanityOptions(),
                WORK.resolve("races"), BOUND, line -> { });
        System.out.printf("jcstress races: %d tests, exit %d, %.0f s%n", r.verdicts().size(), r.exitCode(),
                r.took().toMillis() / 1e3);
        assertThat(r.timedOut()).as("ran past %s; console in %s", BOUND, r.log()).isFalse();
        assertThat(r.forbidden()).as("forbidden outcomes; console in %s", r.log()).isEmpty();
        Map<String, Verdict> want = new TreeMap<>();
        tests.forEach(t -> want.put(t, Verdict.OK));
        assertThat(r.verdicts()).as("every race ran and passed; console in %s", r.log()).isEqualTo(want);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void everyCanaryIsCaught() throws Exception {
        List<String> canaries = RaceCatalog.names().stream().filter(RaceCatalog::canary).toList();
        JcstressRun.Result r = JcstressRun.run(JAR.toString(), RaceCatalog.selector(true), JcstressRun.sanityOptions(),
                WORK.resolve("canaries"), BOUND, line -> { });
        System.out.printf("jcstress canaries: %d tests, exit %d, %.0f s%n", r.verdicts().size(), r.exitCode(),
                r.took().toMillis() / 1e3);
        r.forbidden().stream().limit(3).forEach(System.out::println);
        assertThat(r.timedOut()).as("ran past %s; console in %s", BOUND, r.log()).isFalse();
        assertThat(r.verdicts().keySet()).as("every canary ran").containsExactlyInAnyOrderElementsOf(canaries);
        r.verdicts().forEach((test, v) ->
                assertThat(v).as("canary %s must be caught; console in %s", test, r.log()).isNotEqualTo(Verdict.OK));
        assertThat(r.exitCode()).as("jcstress's exit code with failing tests").isNotZero();
    }
}
