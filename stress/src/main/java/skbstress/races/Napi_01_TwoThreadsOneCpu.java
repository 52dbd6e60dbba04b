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
 * Two threads on CPU 0's NAPI skb cache at once, each consuming one of its skbs, allocating one, twice. The cache
 * is one thread's at a time (a CAS on its owner word); the other uses the slab meanwhile, so no struct is handed
 * to two owners and the head cache's count is always the live skbs plus the cached structs.
 *
 * <pre>
 * outcome (actorA's last call, actorB's; new skbs distinct and fresh; head cache = skbs + cached; nothing left)
 * measured: 85 samples, jcstress -m sanity -sc false -time 200 -iters 1 in 2 JVM configurations, 2 cores, 2026-12-02
 *   (every one counted); 3,102 at -time 1000 (2,240 and 862, every one counted). The canary BrokenNapi_01 was
 *   caught at -time 200 (1 of 42 and 3 of 36 samples) and at -time 1000 (113 of 583 and 254 of 1,748:
 *   "other: 1, 1, 1, 0, 0", a struct lost to the count, and "1, 1, 0, 1, 0", one struct handed to two skbs).
 *   name     tuple          expect      meaning
 *   counted  1, 1, 1, 1, 1  ACCEPTABLE  four distinct fresh skbs; head cache = skbs + cached; all freed at the end
 *   other                   FORBIDDEN   I-NAPI-1, I-NAPI-4: a struct handed to two owners, or lost or counted twice
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Napi_01_TwoThreadsOneCpu}
 */
@JCStressTest
@Outcome(id = "counted", expect = ACCEPTABLE, desc = "four distinct fresh skbs; head cache = skbs + cached; all "
        + "freed at the end")
@Outcome(expect = FORBIDDEN, desc = "I-NAPI-1, I-NAPI-4: a struct handed to two owners, or lost or counted twice")
@State
public class Napi_01_TwoThreadsOneCpu {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("counted", 1, 1, 1, 1, 1);
    public static final NapiRaces.TwoThreadsOneCpu RACE = new NapiRaces.TwoThreadsOneCpu(Races::impl);
    final NapiRaces.Cpu0 s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void actorA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void actorB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
