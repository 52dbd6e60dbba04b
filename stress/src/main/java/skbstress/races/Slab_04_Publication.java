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
 * Publication through the depot (object 1 free on it; object 2 the freer's, its link stale): the freer
 * writes into object 2 and frees it to the depot as a magazine flush does, while the allocator refills a
 * magazine with a batch of two. Nothing but the depot hands object 2 over: its bytes, and the link the
 * free wrote, reach the allocator only through the depot's CAS and acquire load.
 *
 * <pre>
 * outcome (freer, allocator's batch, allAccountedOnce)
 * measured: 4,503,810 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name          tuple     expect        samples    freq  meaning
 *   refill-first  1, 1, 1   ACCEPTABLE  4,411,448  97.95%  the allocator refilled first: it got object 1; object 2
 *                                                          was freed after
 *   free-first    1, 21, 1  ACCEPTABLE     92,362   2.05%  the freer went first: the allocator got object 2, holding
 *                                                          the freer's bytes, then 1
 *   other                   FORBIDDEN           0   0.00%  I-SLAB-1: an object lost or handed out twice (a stale
 *                                                          link), or object 2 without the bytes its last user wrote
 *                                                          (a batch negated)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest. Its canary, {@code BrokenSlab_04_LinkAfterPublish}, runs a depot that links after it
 * publishes.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_04}
 */
@JCStressTest
@Outcome(id = "refill-first", expect = ACCEPTABLE, desc = "the allocator refilled first: it got object 1; object 2 "
        + "was freed after")
@Outcome(id = "free-first", expect = ACCEPTABLE, desc = "the freer went first: the allocator got object 2, holding "
        + "the freer's bytes, then 1")
@Outcome(expect = FORBIDDEN, desc = "I-SLAB-1: an object lost or handed out twice (a stale link), or object 2 "
        + "without the bytes its last user wrote")
@State
public class Slab_04_Publication {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("refill-first", 1, 1, 1)
            .and("free-first", 1, 21, 1);
    public static final SlabRaces.Publication RACE = new SlabRaces.Publication(skbstress.canary.Depots::real);
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
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
