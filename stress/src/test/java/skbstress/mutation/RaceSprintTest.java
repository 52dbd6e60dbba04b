package skbstress.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import skbstress.races.BrokenUsers_03_PlainReadLastFree;
import skbstress.races.BrokenZeroCopy_02_CompletionPerRelease;
import skbstress.races.RaceCatalog;

/**
 * Every race, sprinted on the implementation for a moment in this JVM, before the module's slower tests
 * ({@link Order} 1 with {@link ClassOrderer.OrderAnnotation}): a planted bug that a race can see fails here
 * within seconds. A sprint proves nothing when it passes (jcstress does, in JcstressIT and the job); that
 * it can fail is shown on two canaries.
 */
@Order(1)
class RaceSprintTest {
    @TestFactory
    Stream<DynamicTest> noRaceShowsAForbiddenOutcome() {
        return RaceCatalog.names().stream().filter(n -> !RaceCatalog.canary(n)).map(n -> DynamicTest.dynamicTest(
                n.substring(n.lastIndexOf('.') + 1), () -> {
                    RaceSprint.Finding f = RaceSprint.run(Class.forName(n), 150, 10_000);
                    assertThat(f.caught()).as("%s: %s %s", f.test(), f.how(), f.outcome()).isFalse();
                    assertThat(f.samples()).as("samples of %s", f.test()).isPositive();
                }));
    }

    @Test
    void aSprintCatchesTheDoubleReleaseOfTheLastFreeCanary() throws Exception {
        RaceSprint.Finding f = RaceSprint.run(BrokenUsers_03_PlainReadLastFree.class, 5_000, 10_000);
        assertThat(f.caught()).as("samples %d", f.samples()).isTrue();
        assertThat(f.how()).isEqualTo("forbidden outcome");
        assertThat(f.outcome()).startsWith("other: 1, 1"); // both frees released it: a tuple no name covers
    }

    @Test
    void aSprintCatchesTheCompletionPerReleaseCanary() throws Exception {
        RaceSprint.Finding f = RaceSprint.run(BrokenZeroCopy_02_CompletionPerRelease.class, 5_000, 10_000);
        assertThat(f.caught()).as("samples %d", f.samples()).isTrue();
        assertThat(f.how()).isEqualTo("forbidden outcome");
    }
}
