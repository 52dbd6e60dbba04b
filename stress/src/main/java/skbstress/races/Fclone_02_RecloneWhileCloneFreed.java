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
 * The owner of ORIG clones it again while TX completion frees the previous fast clone.
 *
 * <pre>
 * outcome (owner, txCompletion, recloneUsers, livePairs, liveStructs)
 * measured: 567,565 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                   tuple          expect      samples    freq  meaning
 *   reclone-into-skb2      1, 1, 1, 0, 0  ACCEPTABLE  548,126  96.58%  the clone was freed first: the owner re-cloned
 *                                                                      into skb2 (fast path)
 *   clone-from-head-cache  0, 1, 1, 0, 0  ACCEPTABLE   19,439   3.42%  the clone was still in use: the owner took a
 *                                                                      head-cache struct (slow path)
 *   other                                 FORBIDDEN         0   0.00%  I-FCLONE-3/I-FCLONE-4: skb2 handed out while
 *                                                                      in use (the new clone destroyed: users -1), or
 *                                                                      a pair or struct leaked or freed twice
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Fclone_02_RecloneWhileCloneFreed}
 */
@JCStressTest
@Outcome(id = "reclone-into-skb2", expect = ACCEPTABLE, desc = "the clone was freed first: the owner re-cloned " +
        "into skb2 (fast path)")
@Outcome(id = "clone-from-head-cache", expect = ACCEPTABLE, desc = "the clone was still in use: the owner took a " +
        "head-cache struct (slow path)")
@Outcome(expect = FORBIDDEN, desc = "I-FCLONE-3/I-FCLONE-4: skb2 handed out while in use (the new" +
        " clone destroyed: users -1), or a pair or struct leaked or freed twice")
@State
public class Fclone_02_RecloneWhileCloneFreed {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("reclone-into-skb2", 1, 1, 1, 0, 0)
            .and("clone-from-head-cache", 0, 1, 1, 0, 0);
    public static final FcloneRaces.RecloneWhileCloneFreed RACE =
            new FcloneRaces.RecloneWhileCloneFreed(Races::impl);
    final FcloneRaces.Pair s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void owner() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void txCompletion() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
