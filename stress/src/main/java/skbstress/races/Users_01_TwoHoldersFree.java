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
 * Two holders of an skb with users == 2 free it at the same time: exactly one of them releases it.
 *
 * <pre>
 * outcome (holderA, holderB)
 * measured: 2,705,267 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name            tuple  expect        samples    freq  meaning
 *   a-released      1, 0   ACCEPTABLE  2,655,175  98.15%  holderA's free found users 1 and released it
 *   b-released      0, 1   ACCEPTABLE     50,092   1.85%  holderB's free found users 1 and released it
 *   double-release  1, 1   FORBIDDEN           0   0.00%  I-USERS-2: both frees released the skb
 *   never-released  0, 0   FORBIDDEN           0   0.00%  I-USERS-2: neither free released the skb (leaked)
 *   other                  FORBIDDEN           0   0.00%  I-USERS-2: released by neither (leaked) or by both (double
 *                                                         free)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Users_01_TwoHoldersFree}
 */
@JCStressTest
@Outcome(id = "a-released", expect = ACCEPTABLE, desc = "holderA's free found users 1 and released it")
@Outcome(id = "b-released", expect = ACCEPTABLE, desc = "holderB's free found users 1 and released it")
@Outcome(id = "double-release", expect = FORBIDDEN, desc = "I-USERS-2: both frees released the skb")
@Outcome(id = "never-released", expect = FORBIDDEN, desc = "I-USERS-2: neither free released the skb (leaked)")
@Outcome(expect = FORBIDDEN, desc = "I-USERS-2: released by neither (leaked) or by both (double " +
        "free)")
@State
public class Users_01_TwoHoldersFree {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("a-released", 1, 0)
            .and("b-released", 0, 1)
            .and("double-release", 1, 1)
            .and("never-released", 0, 0);
    public static final UsersRaces.TwoHoldersFree RACE =
            new UsersRaces.TwoHoldersFree(Races::impl);
    final UsersRaces.Shared s = RACE.setUpForRun();
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
