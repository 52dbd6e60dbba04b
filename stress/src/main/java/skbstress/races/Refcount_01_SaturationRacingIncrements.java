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
 * Two holders increment users, at REFCOUNT_MAX before, at the same time.
 *
 * <pre>
 * outcome (holderA, holderB, saturated, freed)
 *   1, 1, 1, 0  ACCEPTABLE  both increments went through; users saturated at REFCOUNT_SATURATED; a free does
 *                           not release
 *   other       FORBIDDEN   I-REF-2: the counter wrapped or the skb was freed
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Refcount_01_SaturationRacingIncrements}
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 0", expect = ACCEPTABLE, desc = "both increments went through; users saturated at " +
        "REFCOUNT_SATURATED; a free does not release")
@Outcome(expect = FORBIDDEN, desc = "I-REF-2: the counter wrapped or the skb was freed")
@State
public class Refcount_01_SaturationRacingIncrements {
    public static final RefcountRaces.SaturationRacingIncrements RACE =
            new RefcountRaces.SaturationRacingIncrements(Races::impl);
    final RefcountRaces.AtMax s = RACE.setUp(false);

    @Actor
    public void holderA(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void holderB(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
