package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;
import skbstress.api.SkbConfig;
import skbstress.canary.Canaries;
import skbstress.impl.slab.Magazine;

/**
 * Canary for {@link Dataref_02_CloneWhileOtherCloneFreed}: a clone shares the data without counting itself
 * in dataref (stress/src/mutants/clone-without-dataref.mutant): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenDataref_02_CloneWithoutDataref}
 */
@JCStressTest
@JCStressMeta(Dataref_02_CloneWhileOtherCloneFreed.class) // judged by its race's outcome table
@State
public class BrokenDataref_02_CloneWithoutDataref {
    public static final DatarefRaces.CloneWhileOtherCloneFreed RACE = new DatarefRaces.CloneWhileOtherCloneFreed(
            () -> Canaries.cloneWithoutDataref(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final DatarefRaces.Observed s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void cloner() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Dataref_02_CloneWhileOtherCloneFreed.NAMES.of(acted, RACE.observe(s));
    }
}
