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
 * One free too many at users 2, a misuse: one holder frees twice while the other frees once. Exactly one of
 * the three frees releases the skb, one is refused, and nothing is left alive.
 *
 * <pre>
 * outcome (twiceFreer, onceFreer, quiet)   twiceFreer: (first + 1) * 3 + (second + 1); each result 1
 *                                         released, 0 kept, -1 refused
 * measured: 424,684 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                         tuple     expect      samples    freq  meaning
 *   twice-kept-then-released     5, -1, 1  ACCEPTABLE    2,022   0.48%  kept, released; the other refused
 *   twice-kept-then-refused      3, 1, 1   ACCEPTABLE    4,795   1.13%  kept, refused; the other released
 *   twice-released-then-refused  6, 0, 1   ACCEPTABLE  417,867  98.39%  the other kept; released, refused
 *   other                                  FORBIDDEN         0   0.00%  I-USERS-2: not exactly one release, or a leak
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Users_05_OneFreeTooMany}
 */
@JCStressTest
@Outcome(id = "twice-kept-then-released", expect = ACCEPTABLE, desc = "twiceFreer: kept, then released; " +
        "onceFreer's free refused (DOUBLE_FREE)")
@Outcome(id = "twice-kept-then-refused", expect = ACCEPTABLE, desc = "twiceFreer: kept, then refused; onceFreer's " +
        "free released it")
@Outcome(id = "twice-released-then-refused", expect = ACCEPTABLE, desc = "onceFreer kept; twiceFreer: released, " +
        "then refused")
@Outcome(expect = FORBIDDEN, desc = "I-USERS-2: not exactly one release among the three frees, or something left alive")
@State
public class Users_05_OneFreeTooMany {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("twice-kept-then-released", 5, -1, 1)
            .and("twice-kept-then-refused", 3, 1, 1)
            .and("twice-released-then-refused", 6, 0, 1);
    public static final UsersRaces.OneFreeTooMany RACE =
            new UsersRaces.OneFreeTooMany(Races::impl);
    final UsersRaces.Single s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void twiceFreer() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void onceFreer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
