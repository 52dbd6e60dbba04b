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
 * Two reads are inside an object when its holder frees it (kmem_cache_free), so its release waits for
 * them; then both reads leave at once. The last one out releases the object, once.
 *
 * <pre>
 * outcome (reader A left, reader B left, cache back to zero)
 * measured: 97,400 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name           tuple     expect      samples     freq  meaning
 *   released-once  1, 1, 1   ACCEPTABLE   97,400  100.00%  both reads left; the last one out released the
 *                                                          object, once
 *   other                    FORBIDDEN         0    0.00%  I-SLAB-1: the object released twice (the cache
 *                                                          counts it free twice and reports corruption) or
 *                                                          never (it stays live); its canary, an exit that
 *                                                          decides on a re-read: 99.93%, 68,778 of 68,826
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_11_TwoReadsLeaveAfterAFree}
 */
@JCStressTest
@Outcome(id = "released-once", expect = ACCEPTABLE, desc = "both reads left; the last one out released the "
        + "object, once")
@Outcome(expect = FORBIDDEN, desc = "I-SLAB-1: the object released twice, or never")
@State
public class Slab_11_TwoReadsLeaveAfterAFree {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("released-once", 1, 1, 1);
    public static final SlabAccessRaces.TwoReadsLeaveAfterAFree RACE =
            new SlabAccessRaces.TwoReadsLeaveAfterAFree(Races::impl);
    final SlabAccessRaces.Held s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void readerA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void readerB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
