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
 * Holder A takes another reference (skb_get) while holder B drops its own, users == 2 before.
 *
 * <pre>
 * outcome (getter, freer, usersAfter)
 *   1, 0, 2  ACCEPTABLE  the get and the free land in either order; users ends at 2 (the getter holds both)
 *   other    FORBIDDEN   I-USERS-3: a reference lost or invented (users after != 2), or the free released a
 *                        held skb
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Users_02_GetRacesFree}
 */
@JCStressTest
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "the get and the free land in either order; users ends at 2 " +
        "(the getter holds both)")
@Outcome(expect = FORBIDDEN, desc = "I-USERS-3: a reference lost or invented (users after != 2), " +
        "or the free released a held skb")
@State
public class Users_02_GetRacesFree {
    public static final UsersRaces.GetRacesFree RACE =
            new UsersRaces.GetRacesFree(Races::impl);
    final UsersRaces.Shared s = RACE.setUp(false);

    @Actor
    public void getter(III_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void freer(III_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(III_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
    }
}
