package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;
import skbstress.api.SkbConfig;
import skbstress.canary.Canaries;

/**
 * Canary for {@link Slab_09_TwoFindOverwrittenPoison}: a poison violation is counted with a read, then a
 * write (stress/src/mutants/poison-count-plain.mutant), so two found at once can count one: this test must
 * fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenSlab_09_PoisonCountPlain}
 */
@JCStressTest
@JCStressMeta(Slab_09_TwoFindOverwrittenPoison.class) // judged by its race's outcome table
@State
public class BrokenSlab_09_PoisonCountPlain {
    public static final PoisonRaces.TwoFindOverwrittenPoison RACE = new PoisonRaces.TwoFindOverwrittenPoison(
            () -> Canaries.poisonCountPlain(SkbConfig.UNBOUNDED, 2));
    final PoisonRaces.Overwritten s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void allocatorA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void allocatorB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Slab_09_TwoFindOverwrittenPoison.NAMES.of(acted, RACE.observe(s));
    }
}
