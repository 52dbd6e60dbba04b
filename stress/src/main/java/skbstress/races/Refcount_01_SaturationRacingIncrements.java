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
 * Two holders increment users, at REFCOUNT_MAX before, at the same time.
 *
 * <pre>
 * outcome (holderA, holderB, saturated, freed)
 * measured: 54,238 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                   tuple       expect      samples    freq  meaning
 *   saturated-never-freed  1, 1, 1, 0  ACCEPTABLE  54,238  100.00%  both increments went through; users saturated at
 *                                                                   REFCOUNT_SATURATED; a free does not release
 *   other                              FORBIDDEN        0    0.00%  I-REF-2: the counter wrapped or the skb was freed
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Refcount_01_SaturationRacingIncrements}
 */
@JCStressTest
@Outcome(id = "saturated-never-freed", expect = ACCEPTABLE, desc = "both increments went through; users saturated at " +
        "REFCOUNT_SATURATED; a free does not release")
@Outcome(expect = FORBIDDEN, desc = "I-REF-2: the counter wrapped or the skb was freed")
@State
public class Refcount_01_SaturationRacingIncrements {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("saturated-never-freed", 1, 1, 1, 0);
    public static final RefcountRaces.SaturationRacingIncrements RACE =
            new RefcountRaces.SaturationRacingIncrements(Races::impl);
    final RefcountRaces.AtMax s = RACE.setUpForRun();
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
