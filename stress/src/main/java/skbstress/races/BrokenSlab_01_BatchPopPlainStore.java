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
 * Canary for {@link Slab_01_TwoAllocations}: a magazine's refill swings the depot's head with a plain store
 * (stress/src/mutants/depot-batch-pop-plain-store.mutant), so two refills that meet take the same objects:
 * this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenSlab_01_BatchPopPlainStore}
 */
@JCStressTest
@JCStressMeta(Slab_01_TwoAllocations.class) // judged by its race's outcome table
@State
public class BrokenSlab_01_BatchPopPlainStore {
    public static final SlabRaces.TwoAllocations RACE = new SlabRaces.TwoAllocations(
            () -> Canaries.depotBatchPopPlainStore(SkbConfig.UNBOUNDED, 2)); // magazines of 2: a refill per run
    final SlabRaces.Objects s = RACE.setUpForRun();
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
        r.r1 = Slab_01_TwoAllocations.NAMES.of(acted, RACE.observe(s));
    }
}
