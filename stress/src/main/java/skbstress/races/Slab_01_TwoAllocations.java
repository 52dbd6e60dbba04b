package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two threads allocate from one cache at once.
 *
 * <pre>
 * outcome (allocatorA, allocatorB, distinct)
 *   1, 1, 1  ACCEPTABLE  two distinct objects
 *   other    FORBIDDEN   I-SLAB-1: one object handed out twice
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_01_TwoAllocations}
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "two distinct objects")
@Outcome(expect = FORBIDDEN, desc = "I-SLAB-1: one object handed out twice")
@State
public class Slab_01_TwoAllocations {
    public static final SlabRaces.TwoAllocations RACE =
            new SlabRaces.TwoAllocations(Races::impl);
    final SlabRaces.Objects s = RACE.setUp(false);

    @Actor
    public void allocatorA(III_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void allocatorB(III_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(III_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
    }
}
