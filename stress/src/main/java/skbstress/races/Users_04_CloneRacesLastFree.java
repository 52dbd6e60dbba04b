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
 * A thread that holds no reference clones an skb while its owner frees it (users 1), a misuse: the clone
 * is made before the free (and keeps the data) or refused after it, never a clone of released data.
 *
 * <pre>
 * outcome (cloner, owner, intact)   cloner: 1 made, -1 refused; owner: 1 released; intact: the clone reads
 *                                  the bytes, every invariant holds while it lives, and once it is
 *                                  freed every cache is back to zero
 * measured: 277,061 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                      tuple     expect      samples    freq  meaning
 *   clone-first               1, 1, 1   ACCEPTABLE    4,424   1.60%  the clone came first: it keeps the data; the
 *                                                                    free released the struct
 *   free-first-clone-refused  -1, 1, 1  ACCEPTABLE  272,637  98.40%  the free came first: the clone was refused
 *                                                                    (USE_AFTER_FREE)
 *   other                               FORBIDDEN         0   0.00%  I-DATA-3: a clone of released data, or data
 *                                                                    released under a clone
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Users_04_CloneRacesLastFree}
 */
@JCStressTest
@Outcome(id = "clone-first", expect = ACCEPTABLE, desc = "the clone came first: it shares the data, the owner's free " +
        "released the struct, the clone reads the bytes")
@Outcome(id = "free-first-clone-refused", expect = ACCEPTABLE, desc = "the free came first: the clone was refused " +
        "(USE_AFTER_FREE)")
@Outcome(expect = FORBIDDEN, desc = "I-DATA-3: a clone of released data, data released under a clone, or " +
        "something left alive")
@State
public class Users_04_CloneRacesLastFree {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("clone-first", 1, 1, 1)
            .and("free-first-clone-refused", -1, 1, 1);
    public static final UsersRaces.CloneRacesLastFree RACE =
            new UsersRaces.CloneRacesLastFree(Races::impl);
    final UsersRaces.Single s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void cloner() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void owner() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
