package skbstress.races;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.Outcome;

/**
 * Every jcstress test's outcome table comes from the model: its ACCEPTABLE outcomes must be exactly what
 * the model produces when the test's actors run in every serial order (an ACCEPTABLE_INTERESTING
 * outcome needs a justification starting "interesting:"). A hand-written outcome the model cannot
 * produce, or a model outcome the test would forbid, fails the build. Each test also ends with one
 * catch-all FORBIDDEN outcome that names the invariant it protects.
 */
class OutcomeTablesTest {
    private static final Pattern NAME = Pattern.compile("(Broken)?([A-Z][A-Za-z]+)_(\\d\\d)_([A-Z][A-Za-z]+)");

    /** The jcstress tests the annotation processor listed. */
    static List<Class<?>> jcstressTests() throws ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        for (String n : RaceCatalog.names()) {
            out.add(Class.forName(n));
        }
        return out;
    }

    @Test
    void everyFamilyIsThereWithItsTests() throws Exception {
        List<Class<?>> tests = jcstressTests();
        assertThat(tests).hasSizeGreaterThanOrEqualTo(34);
        Set<String> areas = new TreeSet<>();
        for (Class<?> c : tests) {
            Matcher m = NAME.matcher(c.getSimpleName());
            assertThat(m.matches()).as("%s is named <Area>_<NN>_<Scenario>", c.getSimpleName()).isTrue();
            if (m.group(1) == null) {
                areas.add(m.group(2));
            }
            // jcstress needs a CPU per actor and silently runs nothing when they are short: CI has 2
            long actors = Stream.of(c.getMethods()).filter(x -> x.isAnnotationPresent(Actor.class)).count();
            assertThat(actors).as("actors of %s (at most 2, or it never runs on 2 CPUs)", c.getSimpleName())
                    .isBetween(2L, 2L);
        }
        assertThat(areas).containsExactlyInAnyOrder("Users", "Dataref", "Fclone", "ZeroCopy", "Slab", "Refcount",
                "PageFlip", "Geometry");
    }

    @Test
    void everyCanaryIsJudgedByItsRacesOwnTable() throws Exception {
        int canaries = 0;
        for (Class<?> c : jcstressTests()) {
            Matcher m = NAME.matcher(c.getSimpleName());
            assertThat(m.matches()).isTrue();
            JCStressMeta meta = c.getAnnotation(JCStressMeta.class);
            if (m.group(1) == null) {
                assertThat(meta).as("%s has its own table", c.getSimpleName()).isNull();
                continue;
            }
            canaries++;
            assertThat(meta).as("%s takes its race's table (@JCStressMeta)", c.getSimpleName()).isNotNull();
            assertThat(c.getAnnotationsByType(Outcome.class)).as("%s has no table of its own", c.getSimpleName())
                    .isEmpty();
            Class<?> race = meta.value();
            assertThat(race.getSimpleName()).as("the race of %s", c.getSimpleName())
                    .startsWith(m.group(2) + "_" + m.group(3) + "_");
            assertThat(race.getField("RACE").getType()).as("%s runs the race of %s", c.getSimpleName(),
                    race.getSimpleName()).isEqualTo(c.getField("RACE").getType());
        }
        assertThat(canaries).as("canaries").isGreaterThanOrEqualTo(17);
    }

    @TestFactory
    Stream<DynamicTest> acceptableOutcomesAreExactlyTheModels() throws Exception {
        return jcstressTests().stream().map(c -> DynamicTest.dynamicTest(c.getSimpleName(), () -> check(c)));
    }

    private static void check(Class<?> test) throws ReflectiveOperationException {
        Race<?> race = (Race<?>) test.getField("RACE").get(null);
        Set<String> model = ModelOutcomes.all(race);
        Set<String> acceptable = new TreeSet<>();
        int catchAll = 0;
        for (Outcome o : Races.outcomes(test)) {
            if (o.id().length == 0 || (o.id().length == 1 && o.id()[0].isEmpty())) { // the catch-all
                assertThat(o.expect()).as("the catch-all outcome of %s", test.getSimpleName()).isEqualTo(Expect.FORBIDDEN);
                assertThat(o.desc()).as("the catch-all names its invariant").containsPattern("I-[A-Z]+-\\d+");
                catchAll++;
                continue;
            }
            for (String id : o.id()) {
                if (o.expect() == Expect.ACCEPTABLE) {
                    acceptable.add(id);
                } else if (o.expect() == Expect.ACCEPTABLE_INTERESTING) {
                    assertThat(o.desc()).as("interesting outcome %s of %s", id, test.getSimpleName())
                            .startsWith("interesting:");
                } else {
                    assertThat(model).as("%s forbids %s, which the model produces", test.getSimpleName(), id)
                            .doesNotContain(id);
                }
            }
        }
        assertThat(catchAll).as("one catch-all FORBIDDEN outcome").isEqualTo(1);
        assertThat(acceptable).as("ACCEPTABLE outcomes of %s against the model's", test.getSimpleName())
                .isEqualTo(model);
    }
}
