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
 * Two threads free the same reference of an skb (users 1), a misuse: exactly one free releases it and the
 * other is refused; nothing is left alive or released twice.
 *
 * <pre>
 * outcome (freerA, freerB, quiet)   1 released, 0 kept, -1 refused; quiet: every cache back to zero
 *   1, -1, 1   ACCEPTABLE  freerA released it, freerB refused (DOUBLE_FREE)
 *   -1, 1, 1   ACCEPTABLE  freerB released it, freerA refused (DOUBLE_FREE)
 *   other      FORBIDDEN   I-USERS-2: released twice (handed to two owners) or never, or a leak
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Users_03_TwoFreesOfOneReference}
 */
@JCStressTest
@Outcome(id = "1, -1, 1", expect = ACCEPTABLE, desc = "freerA's free released it; freerB's was refused (DOUBLE_FREE)")
@Outcome(id = "-1, 1, 1", expect = ACCEPTABLE, desc = "freerB's free released it; freerA's was refused (DOUBLE_FREE)")
@Outcome(expect = FORBIDDEN, desc = "I-USERS-2: released twice (the struct handed to two owners) or never, or " +
        "something left alive")
@State
public class Users_03_TwoFreesOfOneReference {
    public static final UsersRaces.TwoFreesOfOneReference RACE =
            new UsersRaces.TwoFreesOfOneReference(Races::impl);
    final UsersRaces.Single s = RACE.setUp(false);

    @Actor
    public void freerA(III_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void freerB(III_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(III_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
    }
}
