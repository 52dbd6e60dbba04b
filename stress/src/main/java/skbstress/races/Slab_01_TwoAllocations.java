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
 * Two threads allocate from one cache at once.
 *
 * <pre>
 * outcome (allocatorA, allocatorB, distinct)
 * measured: 4,144,981 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                  tuple    expect        samples     freq  meaning
 *   two-distinct-objects  1, 1, 1  ACCEPTABLE  4,144,981  100.00%  two distinct objects
 *   one-object-twice      1, 1, 0  FORBIDDEN           0    0.00%  I-SLAB-1: both allocations got the same object
 *   other                          FORBIDDEN           0    0.00%  I-SLAB-1: one object handed out twice
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_01_TwoAllocations}
 */
@JCStressTest
@Outcome(id = "two-distinct-objects", expect = ACCEPTABLE, desc = "two distinct objects")
@Outcome(id = "one-object-twice", expect = FORBIDDEN, desc = "I-SLAB-1: both allocations got the same object")
@Outcome(expect = FORBIDDEN, desc = "I-SLAB-1: one object handed out twice")
@State
public class Slab_01_TwoAllocations {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("two-distinct-objects", 1, 1, 1)
            .and("one-object-twice", 1, 1, 0);
    public static final SlabRaces.TwoAllocations RACE =
            new SlabRaces.TwoAllocations(Races::impl);
    final SlabRaces.Objects s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void allocatorA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void allocatorB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
