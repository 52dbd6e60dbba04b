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
 * Two threads free the same reference of an skb (users 1), a misuse: exactly one free releases it and the
 * other is refused; nothing is left alive or released twice.
 *
 * <pre>
 * outcome (freerA, freerB, quiet)   1 released, 0 kept, -1 refused; quiet: every cache back to zero
 * measured: 567,692 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                  tuple     expect      samples    freq  meaning
 *   a-released-b-refused  1, -1, 1  ACCEPTABLE   13,737   2.42%  freerA released it, freerB refused (DOUBLE_FREE)
 *   b-released-a-refused  -1, 1, 1  ACCEPTABLE  553,955  97.58%  freerB released it, freerA refused (DOUBLE_FREE)
 *   other                           FORBIDDEN         0   0.00%  I-USERS-2: released twice (handed to two owners) or
 *                                                                never, or a leak
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Users_03_TwoFreesOfOneReference}
 */
@JCStressTest
@Outcome(id = "a-released-b-refused", expect = ACCEPTABLE, desc = "freerA's free released it; freerB's was refused " +
        "(DOUBLE_FREE)")
@Outcome(id = "b-released-a-refused", expect = ACCEPTABLE, desc = "freerB's free released it; freerA's was refused " +
        "(DOUBLE_FREE)")
@Outcome(expect = FORBIDDEN, desc = "I-USERS-2: released twice (the struct handed to two owners) or never, or " +
        "something left alive")
@State
public class Users_03_TwoFreesOfOneReference {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("a-released-b-refused", 1, -1, 1)
            .and("b-released-a-refused", -1, 1, 1);
    public static final UsersRaces.TwoFreesOfOneReference RACE =
            new UsersRaces.TwoFreesOfOneReference(Races::impl);
    final UsersRaces.Single s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void freerA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freerB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
