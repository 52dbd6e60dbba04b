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
 * One free too many at users 2, a misuse: one holder frees twice while the other frees once. Exactly one of
 * the three frees releases the skb, one is refused, and nothing is left alive.
 *
 * <pre>
 * outcome (twiceFreer, onceFreer, quiet)   twiceFreer: (first + 1) * 3 + (second + 1); each result 1
 *                                         released, 0 kept, -1 refused
 *   5, -1, 1   ACCEPTABLE  kept, released; the other refused
 *   3, 1, 1    ACCEPTABLE  kept, refused; the other released
 *   6, 0, 1    ACCEPTABLE  the other kept; released, refused
 *   other      FORBIDDEN   I-USERS-2: not exactly one release, or a leak
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Users_05_OneFreeTooMany}
 */
@JCStressTest
@Outcome(id = "5, -1, 1", expect = ACCEPTABLE, desc = "twiceFreer: kept, then released; onceFreer's free refused " +
        "(DOUBLE_FREE)")
@Outcome(id = "3, 1, 1", expect = ACCEPTABLE, desc = "twiceFreer: kept, then refused; onceFreer's free released it")
@Outcome(id = "6, 0, 1", expect = ACCEPTABLE, desc = "onceFreer kept; twiceFreer: released, then refused")
@Outcome(expect = FORBIDDEN, desc = "I-USERS-2: not exactly one release among the three frees, or something left alive")
@State
public class Users_05_OneFreeTooMany {
    public static final UsersRaces.OneFreeTooMany RACE =
            new UsersRaces.OneFreeTooMany(Races::impl);
    final UsersRaces.Single s = RACE.setUp(false);

    @Actor
    public void twiceFreer(III_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void onceFreer(III_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(III_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
    }
}
