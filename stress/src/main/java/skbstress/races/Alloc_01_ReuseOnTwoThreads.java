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
 * Two threads at once each allocate an object, free it, and allocate two more (P-SUBJ-1), on the subject the
 * run names: the four objects they end up holding are four, never one object handed to two holders, whether
 * the allocator keeps freed objects per thread or shared.
 *
 * <pre>
 * outcome (A's two are distinct, B's two are distinct, all four are distinct)
 * measured: (see the closing note of the stop that added it)
 *   name         tuple     expect      meaning
 *   four-objects 1, 1, 1   ACCEPTABLE  each holder got objects of its own
 *   other                  FORBIDDEN   P-SUBJ-1: one object handed to two holders (a free that gave it back
 *                                      twice, a lost update of a free list), or an allocation failed
 * </pre>
 * The table is checked against the capability's reference semantics (every interleaving of the actors'
 * operations) by OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Alloc_01_ReuseOnTwoThreads}
 */
@JCStressTest
@Outcome(id = "four-objects", expect = ACCEPTABLE, desc = "each holder got objects of its own")
@Outcome(expect = FORBIDDEN, desc = "P-SUBJ-1: one object handed to two holders, or an allocation failed")
@State
public class Alloc_01_ReuseOnTwoThreads {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("four-objects", 1, 1, 1);
    public static final CapabilityRaces.ReuseOnTwoThreads RACE = new CapabilityRaces.ReuseOnTwoThreads(() -> Races.subject().newAllocator());
    final CapabilityRaces.Pool s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void holderA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void holderB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
