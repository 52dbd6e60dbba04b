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
 * Two holders free, at once, four skbs each whose structs are in their last lives: every struct retires, and
 * the struct cache counts all eight out, so nothing is left live.
 *
 * <pre>
 * outcome (frees A, frees B, quiet, consistent)
 * measured: 10,219 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name         tuple       expect      samples     freq  meaning
 *   all-freed    1, 1, 1, 1  ACCEPTABLE   10,219  100.00%  all released, all retired, nothing live
 *   other                    FORBIDDEN         0    0.00%  I-SLAB-1: a retirement lost, so the cache counts a
 *                                                          struct live that nobody holds (its canary, a read
 *                                                          then a write of the count: 6.40%,
 *                                                          611 of 9,546, in all 8 configurations)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_08_TwoStructsRetire}
 */
@JCStressTest
@Outcome(id = "all-freed", expect = ACCEPTABLE, desc = "all released, all retired, nothing live")
@Outcome(expect = FORBIDDEN, desc = "I-SLAB-1: a retirement lost, a struct counted live that nobody holds")
@State
public class Slab_08_TwoStructsRetire {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("all-freed", 1, 1, 1, 1);
    public static final RetireRaces.TwoRetireAtOnce RACE = new RetireRaces.TwoRetireAtOnce(Races::impl);
    final RetireRaces.LastLives s = RACE.setUpForRun();
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
