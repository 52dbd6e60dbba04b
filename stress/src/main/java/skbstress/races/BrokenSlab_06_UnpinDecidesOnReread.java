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
 * Canary for {@link Slab_06_FreeRacesRead}: the end of a read's pin decides whether it is the last one out
 * from a re-read of the life word (stress/src/mutants/unpin-decides-on-reread.mutant), so a free that left
 * its release to the read is never released: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenSlab_06_UnpinDecidesOnReread}
 */
@JCStressTest
@JCStressMeta(Slab_06_FreeRacesRead.class) // judged by its race's outcome table
@State
public class BrokenSlab_06_UnpinDecidesOnReread {
    public static final SlabAccessRaces.FreeRacesRead RACE = new SlabAccessRaces.FreeRacesRead(
            () -> Canaries.unpinDecidesOnReread(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final SlabAccessRaces.Held s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void freer() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void reader() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Slab_06_FreeRacesRead.NAMES.of(acted, RACE.observe(s));
    }
}
