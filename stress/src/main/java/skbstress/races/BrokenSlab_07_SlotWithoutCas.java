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
 * Canary for {@link Slab_07_TwoCachesCreated}: a new cache takes its slot in the table with a check that
 * it is empty, then a store (stress/src/mutants/cache-slot-without-cas.mutant), so two creations at once
 * can get the same id: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenSlab_07_SlotWithoutCas}
 */
@JCStressTest
@JCStressMeta(Slab_07_TwoCachesCreated.class) // judged by its race's outcome table
@State
public class BrokenSlab_07_SlotWithoutCas {
    public static final SlabAccessRaces.TwoCachesCreated RACE = new SlabAccessRaces.TwoCachesCreated(
            () -> Canaries.cacheSlotWithoutCas(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final SlabAccessRaces.Table s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void creatorA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void creatorB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Slab_07_TwoCachesCreated.NAMES.of(acted, RACE.observe(s));
    }
}
