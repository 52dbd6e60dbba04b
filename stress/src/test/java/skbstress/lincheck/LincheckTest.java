package skbstress.lincheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Lincheck scenario of {@link LincheckSuite} in model-checking and stress modes with the CI budget.
 * The real ones must pass; every canary (a Broken scenario) must fail, within a time bound, since a broken
 * lock-free structure may spin forever. {@code -Dskbstress.lincheck.only=REGEX} runs the matching ones.
 */
class LincheckTest {
    private static final Duration BOUND = Duration.ofMinutes(4);

    @TestFactory
    Stream<DynamicTest> scenarios() {
        String only = System.getProperty("skbstress.lincheck.only", "");
        // the three-switch canaries need the deep search of the full profile (minutes each): the stress
        // job's full profile runs them, and LincheckSuiteTest checks that they are wired to it
        return LincheckSuite.ALL.stream().filter(s -> s.runsIn(LincheckSuite.Profile.CI))
                .filter(s -> only.isEmpty() || s.name().matches(only)).flatMap(s ->
                s.modes().stream().map(m ->
                        DynamicTest.dynamicTest(s.name() + " " + m, () -> run(s, m))));
    }

    private static void run(Scenario s, LincheckSuite.Mode m) {
        long t0 = System.nanoTime();
        Throwable failure = assertTimeoutPreemptively(BOUND, () -> {
            try {
                LincheckSuite.check(s, m, LincheckSuite.Profile.CI);
                return null;
            } catch (AssertionError e) { // Lincheck's verdict; anything else is a crash of the test itself
                return e;
            }
        }, () -> s.name() + " " + m + " ran past " + BOUND);
        System.out.printf("lincheck %s %s: %s in %.1f s%s%n", s.name(), m, failure == null ? "passed" : "failed",
                (System.nanoTime() - t0) / 1e9, failure == null ? "" : skbstress.job.LincheckVerdict.switchWords(failure));
        if (s.canary()) {
            assertThat(failure).as("canary %s must fail in %s mode", s.name(), m).isNotNull();
            skbstress.job.LincheckVerdict v = skbstress.job.LincheckVerdict.of(failure);
            assertThat(v.catchesCanary()).as("canary %s fails on the verdict it was made for (non-linearizable, or "
                    + "broken at quiescence), not %s: %s", s.name(), v.words,
                    skbstress.job.LincheckVerdict.headline(failure)).isTrue();
        } else if (failure != null) {
            throw new AssertionError(s.name() + " " + m + " failed", failure);
        }
    }
}
