package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Two threads grow an unbounded cache while its slab directory is replaced by a longer copy (slabs 3 and 4
 * of a four-entry directory).
 *
 * <pre>
 * outcome (growerA, growerB, both objects distinct and usable, cache back to zero)
 *   1, 1, 1, 1  ACCEPTABLE  both slabs reached the directory: every object is usable and freed
 *   other       FORBIDDEN   I-SLAB-1: a slab lost when the directory was copied (a valid object refused, a
 *                           grower crashed), or an object handed out twice
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_05_GrowthAtDirectoryDoubling}
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "both slabs reached the directory: every object is usable "
        + "and freed")
@Outcome(expect = FORBIDDEN, desc = "I-SLAB-1: a slab lost when the directory was copied, or an object handed out twice")
@State
public class Slab_05_GrowthAtDirectoryDoubling {
    public static final SlabRaces.GrowthAtDirectoryDoubling RACE = new SlabRaces.GrowthAtDirectoryDoubling(Races::impl);
    final SlabRaces.Growing s = RACE.setUp(false);

    @Actor
    public void growerA(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void growerB(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
