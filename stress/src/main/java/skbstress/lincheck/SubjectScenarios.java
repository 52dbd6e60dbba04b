package skbstress.lincheck;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import skbstress.api.subject.Subject;
import skbstress.job.LincheckVerdict;

/**
 * The Lincheck scenarios of the capabilities (those with {@link Needs}) as JUnit 5 dynamic tests on a
 * subject instance, in both modes with the CI budget: each real scenario must be linearizable on it, and
 * each canary, the subject's own capability with one deliberate bug, must be caught by the verdict it was
 * made for. Scenarios of capabilities the subject lacks are left out. Reached through
 * {@code SubjectContracts.linearizable}.
 */
public final class SubjectScenarios {
    private SubjectScenarios() {}

    public static Stream<DynamicTest> of(Subject subject) {
        return LincheckSuite.ALL.stream().filter(s -> applies(s, subject)).flatMap(s -> s.modes().stream()
                .map(m -> DynamicTest.dynamicTest(s.protects() + " lincheck " + s.name() + " " + m.label,
                        () -> check(subject, s, m))));
    }

    /**
     * Whether the scenario states what it needs and the subject provides it, and, for a canary, whether it
     * wraps the subject (not a mutated copy of our implementation).
     */
    static boolean applies(Scenario s, Subject subject) {
        Needs needs = s.test().getAnnotation(Needs.class);
        return needs != null && subject.capabilities().containsAll(Arrays.asList(needs.value()))
                && (!s.canary() || skbstress.subject.Subjects.canaryApplies(s.area(), subject));
    }

    private static void check(Subject subject, Scenario s, LincheckSuite.Mode m) {
        String unavailable = subject.modelCheckingUnavailable();
        org.junit.jupiter.api.Assumptions.assumeTrue(m != LincheckSuite.Mode.MODEL_CHECKING || unavailable == null,
                () -> subject.name() + " is not model-checked: " + unavailable);
        AssertionError[] failure = new AssertionError[1];
        skbstress.races.Races.runOn(subject, () -> {
            try {
                LincheckSuite.check(s, m, LincheckSuite.Profile.CI);
            } catch (AssertionError e) { // Lincheck's verdict; anything else is a crash, and fails the test
                failure[0] = e;
            }
        });
        if (failure[0] != null && LincheckVerdict.of(failure[0]) == LincheckVerdict.CRASH) {
            throw new IllegalStateException("Lincheck crashed running " + s.name() + " on " + subject.name() + " in "
                    + m.label + " mode, which says nothing of the subject", failure[0]);
        }
        if (!s.canary()) {
            if (failure[0] != null) {
                throw new AssertionError(s.name() + " (" + s.protects() + ") on " + subject.name() + " in " + m.label
                        + " mode", failure[0]);
            }
            return;
        }
        Assertions.assertNotNull(failure[0], () -> "canary " + s.name() + " was not caught on " + subject.name()
                + " in " + m.label + " mode");
        LincheckVerdict v = LincheckVerdict.of(failure[0]);
        Assertions.assertTrue(v.catchesCanary(), () -> "canary " + s.name() + " failed on " + v.words
                + ", not on the verdict it was made for: " + LincheckVerdict.headline(failure[0]));
    }
}
