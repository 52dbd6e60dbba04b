package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two holders of an skb with users == 2 free it at the same time: exactly one of them releases it.
 *
 * <pre>
 * outcome (holderA, holderB)
 *   1, 0  ACCEPTABLE  holderA's free found users 1 and released it
 *   0, 1  ACCEPTABLE  holderB's free found users 1 and released it
 *   other  FORBIDDEN   I-USERS-2: released by neither (leaked) or by both (double free)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Users_01_TwoHoldersFree}
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "holderA's free found users 1 and released it")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "holderB's free found users 1 and released it")
@Outcome(expect = FORBIDDEN, desc = "I-USERS-2: released by neither (leaked) or by both (double " +
        "free)")
@State
public class Users_01_TwoHoldersFree {
    public static final UsersRaces.TwoHoldersFree RACE =
            new UsersRaces.TwoHoldersFree(Races::impl);
    final UsersRaces.Shared s = RACE.setUp(false);

    @Actor
    public void holderA(II_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void holderB(II_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(II_Result r) {
        RACE.observe(s);
    }
}
