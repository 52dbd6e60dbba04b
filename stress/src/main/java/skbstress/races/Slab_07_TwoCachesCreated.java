package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Two threads create a cache each (kmem_cache_create) at once: each gets an id of its own, and both caches
 * work and are listed.
 *
 * <pre>
 * outcome (creator A, creator B, distinct and working, quiet)
 * measured: 11,886 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name        tuple       expect      samples     freq  meaning
 *   two-caches  1, 1, 1, 1  ACCEPTABLE   11,886  100.00%  two ids, two working caches, both listed
 *   other                   FORBIDDEN         0    0.00%  I-SLAB-6: one id given twice, or a cache made but
 *                                                         not listed (its canary, a check then a store: 1.31%)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_07_TwoCachesCreated}
 */
@JCStressTest
@Outcome(id = "two-caches", expect = ACCEPTABLE, desc = "two ids, two working caches, both listed")
@Outcome(expect = FORBIDDEN, desc = "I-SLAB-6: one id given twice, or a cache made but not listed")
@State
public class Slab_07_TwoCachesCreated {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("two-caches", 1, 1, 1, 1);
    public static final SlabAccessRaces.TwoCachesCreated RACE = new SlabAccessRaces.TwoCachesCreated(Races::impl);
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
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
