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
 * Two threads grow an unbounded cache while its slab directory is replaced by a longer copy (slabs 3 and 4
 * of a four-entry directory).
 *
 * <pre>
 * outcome (growerA, growerB, both objects distinct and usable, cache back to zero)
 * measured: 63,705 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                     tuple       expect      samples    freq  meaning
 *   both-slabs-in-directory  1, 1, 1, 1  ACCEPTABLE  63,705  100.00%  both slabs reached the directory: every object
 *                                                                     is usable and freed
 *   other                                FORBIDDEN        0    0.00%  I-SLAB-1: a slab lost when the directory was
 *                                                                     copied (a valid object refused, a grower
 *                                                                     crashed), or an object handed out twice
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_05_GrowthAtDirectoryDoubling}
 */
@JCStressTest
@Outcome(id = "both-slabs-in-directory", expect = ACCEPTABLE, desc = "both slabs reached the directory: every " +
        "object is usable "
        + "and freed")
@Outcome(expect = FORBIDDEN, desc = "I-SLAB-1: a slab lost when the directory was copied, or an object handed out twice")
@State
public class Slab_05_GrowthAtDirectoryDoubling {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("both-slabs-in-directory", 1, 1, 1, 1);
    public static final SlabRaces.GrowthAtDirectoryDoubling RACE = new SlabRaces.GrowthAtDirectoryDoubling(Races::impl);
    final SlabRaces.Growing s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void growerA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void growerB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
