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
 * Holder A takes another reference (skb_get) while holder B drops its own, users == 2 before.
 *
 * <pre>
 * outcome (getter, freer, usersAfter)
 * measured: 3,231,257 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name               tuple    expect        samples     freq  meaning
 *   getter-holds-both  1, 0, 2  ACCEPTABLE  3,231,257  100.00%  the get and the free land in either order; users ends
 *                                                               at 2 (the getter holds both)
 *   other                       FORBIDDEN           0    0.00%  I-USERS-3: a reference lost or invented (users after
 *                                                               != 2), or the free released a held skb
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Users_02_GetRacesFree}
 */
@JCStressTest
@Outcome(id = "getter-holds-both", expect = ACCEPTABLE, desc = "the get and the free land in either order; users " +
        "ends at 2 (the getter holds both)")
@Outcome(expect = FORBIDDEN, desc = "I-USERS-3: a reference lost or invented (users after != 2), " +
        "or the free released a held skb")
@State
public class Users_02_GetRacesFree {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("getter-holds-both", 1, 0, 2);
    public static final UsersRaces.GetRacesFree RACE =
            new UsersRaces.GetRacesFree(Races::impl);
    final UsersRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void getter() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
