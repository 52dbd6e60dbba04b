package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Canary for {@link Slab_04_Publication}: the depot whose push makes the new top reachable before it
 * links it to the old top (stress/src/mutants/depot-link-after-publish.mutant). An allocator that refills in between reads object 2's
 * stale link and loses object 1: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenSlab_04_LinkAfterPublish}
 */
@JCStressTest
@JCStressMeta(Slab_04_Publication.class) // judged by its race's outcome table
@State
public class BrokenSlab_04_LinkAfterPublish {
    public static final SlabRaces.Publication RACE = new SlabRaces.Publication(skbstress.canary.Depots::linkAfterPublish);
    final SlabRaces.Freed s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void freer() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void allocator() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Slab_04_Publication.NAMES.of(acted, RACE.observe(s));
    }
}
