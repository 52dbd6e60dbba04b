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
 * A thread that holds no reference clones an skb while its owner frees it (users 1), a misuse: the clone
 * is made before the free (and keeps the data) or refused after it, never a clone of released data.
 *
 * <pre>
 * outcome (cloner, owner, intact)   cloner: 1 made, -1 refused; owner: 1 released; intact: the clone reads
 *                                  the bytes, every invariant holds while it lives, and once it is
 *                                  freed every cache is back to zero
 *   1, 1, 1    ACCEPTABLE  the clone came first: it keeps the data; the free released the struct
 *   -1, 1, 1   ACCEPTABLE  the free came first: the clone was refused (USE_AFTER_FREE)
 *   other      FORBIDDEN   I-DATA-3: a clone of released data, or data released under a clone
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Users_04_CloneRacesLastFree}
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "the clone came first: it shares the data, the owner's free " +
        "released the struct, the clone reads the bytes")
@Outcome(id = "-1, 1, 1", expect = ACCEPTABLE, desc = "the free came first: the clone was refused (USE_AFTER_FREE)")
@Outcome(expect = FORBIDDEN, desc = "I-DATA-3: a clone of released data, data released under a clone, or " +
        "something left alive")
@State
public class Users_04_CloneRacesLastFree {
    public static final UsersRaces.CloneRacesLastFree RACE =
            new UsersRaces.CloneRacesLastFree(Races::impl);
    final UsersRaces.Single s = RACE.setUp(false);

    @Actor
    public void cloner(III_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void owner(III_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(III_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
    }
}
