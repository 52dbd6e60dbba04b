package skbstress.races;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
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
    /** CPUs on CI (a GitHub runner, and the machine the README's timings are for). */
    private static final int CI_CPUS = 2;
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
        assertThat(tests).hasSizeGreaterThanOrEqualTo(45);
        Set<String> areas = new TreeSet<>();
        for (Class<?> c : tests) {
            Matcher m = NAME.matcher(c.getSimpleName());
            assertThat(m.matches()).as("%s is named <Area>_<NN>_<Scenario>", c.getSimpleName()).isTrue();
            if (m.group(1) == null) {
                areas.add(m.group(2));
            }
            assertThat(actorProblem(c)).as("the actors of %s", c.getSimpleName()).isNull();
        }
        assertThat(areas).containsExactlyInAnyOrder("Users", "Dataref", "Fclone", "ZeroCopy", "Slab", "Refcount",
                "PageFlip", "Geometry", "FragList", "Ref", "Views", "Alloc", "Socket", "Ext", "Linearize", "PullTrim",
                "Coalesce", "Segment", "Napi", "PagePool");
    }

    /**
     * Why a jcstress test's actors do not fit its race, or null. jcstress needs a CPU per actor and runs
     * nothing, silently, when it has fewer; CI has {@value #CI_CPUS}. So a race has 2 actors (fewer is no
     * race) and at most {@value #CI_CPUS}, and exactly as many as its RACE says, since that is how many
     * the model interleaves. Every {@code @Actor} method counts, whatever its visibility, declared or
     * inherited: jcstress would run them all.
     */
    static String actorProblem(Class<?> test) throws ReflectiveOperationException {
        Set<String> actors = new TreeSet<>();
        for (Class<?> c = test; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Actor.class)) {
                    actors.add(m.getName());
                }
            }
        }
        if (actors.size() < 2 || actors.size() > CI_CPUS) {
            return "@Actor methods: " + actors.size() + " " + actors + "; a race needs 2, and jcstress runs nothing "
                    + "with more actors than CPUs (CI has " + CI_CPUS + ")";
        }
        int modelled = ((Race<?>) test.getField("RACE").get(null)).actors();
        if (modelled != actors.size()) {
            return "@Actor methods: " + actors.size() + " " + actors + ", but the model interleaves " + modelled;
        }
        return null;
    }

    @Test
    void theActorRuleCatchesRacesThatCannotRunOrDisagreeWithTheModel() throws Exception {
        assertThat(actorProblem(Users_01_TwoHoldersFree.class)).isNull();
        assertThat(actorProblem(ThreeActors.class)).as("three actors").startsWith("@Actor methods: 3");
        assertThat(actorProblem(OneActor.class)).as("one actor").startsWith("@Actor methods: 1");
        assertThat(actorProblem(InheritedActor.class)).as("an inherited third actor").startsWith("@Actor methods: 3");
        assertThat(actorProblem(ModelSaysThree.class)).as("RACE says 3").contains("the model interleaves 3");
    }

    /** A race stated for {@code n} actors (the broken tests below need one; it is never run). */
    record NoRace(int actors) implements Race<Object> {
        @Override
        public Object setUp(boolean model) {
            return null;
        }

        @Override
        public int act(Object s, int actor, int step) {
            return 0;
        }

        @Override
        public int[] settle(Object s) {
            return new int[0];
        }
    }

    // Deliberately broken test shapes, without @JCStressTest so that jcstress never lists them.

    static class ThreeActors {
        public static final NoRace RACE = new NoRace(2);

        @Actor
        public void owner() {}

        @Actor
        public void freer() {}

        @Actor
        void cloner() {}
    }

    static class OneActor {
        public static final NoRace RACE = new NoRace(2);

        @Actor
        public void owner() {}
    }

    static class InheritedActor extends ThreeActorsBase {
        public static final NoRace RACE = new NoRace(2);

        @Actor
        public void owner() {}

        @Actor
        public void freer() {}
    }

    static class ThreeActorsBase {
        @Actor
        public void getter() {}
    }

    static class ModelSaysThree {
        public static final NoRace RACE = new NoRace(3);

        @Actor
        public void owner() {}

        @Actor
        public void freer() {}
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
        Outcomes names = Outcomes.of(test);
        Set<String> model = ModelOutcomes.all(race, names);
        assertThat(model).as("every outcome the model produces for %s is named", test.getSimpleName())
                .noneMatch(o -> o.startsWith(Outcomes.OTHER));
        Set<String> ids = new TreeSet<>();
        Set<String> acceptable = new TreeSet<>();
        int catchAll = 0;
        for (Outcome o : Races.outcomes(test)) {
            if (o.id().length == 0 || (o.id().length == 1 && o.id()[0].isEmpty())) { // the catch-all
                assertThat(o.expect()).as("the catch-all outcome of %s", test.getSimpleName()).isEqualTo(Expect.FORBIDDEN);
                assertThat(o.desc()).as("the catch-all names its invariant").containsPattern("[IP]-[A-Z]+-\\d+");
                catchAll++;
                continue;
            }
            for (String id : o.id()) {
                assertThat(names.names()).as("outcome id %s of %s is a name in its NAMES", id, test.getSimpleName())
                        .containsKey(id);
                ids.add(id);
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
        assertThat(ids).as("every name of %s is an outcome of its table", test.getSimpleName())
                .isEqualTo(names.names().keySet());
        assertThat(acceptable).as("ACCEPTABLE outcomes of %s against the model's", test.getSimpleName())
                .isEqualTo(model);
    }
}
