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
 * Canary for {@link Slab_03_AllocFreeRealloc}: a free leaves the object's generation where it was
 * (stress/src/mutants/free-keeps-generation.mutant), so the freed handle is still accepted: this test must
 * fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenSlab_03_FreeKeepsGeneration}
 */
@JCStressTest
@JCStressMeta(Slab_03_AllocFreeRealloc.class) // judged by its race's outcome table
@State
public class BrokenSlab_03_FreeKeepsGeneration {
    public static final SlabRaces.AllocFreeRealloc RACE = new SlabRaces.AllocFreeRealloc(
            () -> Canaries.freeKeepsGeneration(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final SlabRaces.Objects s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void remoteFreer() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void allocator() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Slab_03_AllocFreeRealloc.NAMES.of(acted, RACE.observe(s));
    }
}
