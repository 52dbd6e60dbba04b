package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

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
    final SlabRaces.Freed s = RACE.setUp(false);

    @Actor
    public void freer(III_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void allocator(III_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(III_Result r) {
        r.r3 = RACE.observe(s)[0];
    }
}
