package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * The owner of ORIG clones it again while TX completion frees the previous fast clone.
 *
 * <pre>
 * outcome (owner, txCompletion, recloneUsers, livePairs, liveStructs)
 *   1, 1, 1, 0, 0  ACCEPTABLE  the clone was freed first: the owner re-cloned into skb2 (fast path)
 *   0, 1, 1, 0, 0  ACCEPTABLE  the clone was still in use: the owner took a head-cache struct (slow path)
 *   other          FORBIDDEN   I-FCLONE-3/I-FCLONE-4: skb2 handed out while in use (the new clone destroyed:
 *                              users -1), or a pair or struct leaked or freed twice
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Fclone_02_RecloneWhileCloneFreed}
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 0, 0", expect = ACCEPTABLE, desc = "the clone was freed first: the owner re-cloned into skb2 " +
        "(fast path)")
@Outcome(id = "0, 1, 1, 0, 0", expect = ACCEPTABLE, desc = "the clone was still in use: the owner took a head-cache " +
        "struct (slow path)")
@Outcome(expect = FORBIDDEN, desc = "I-FCLONE-3/I-FCLONE-4: skb2 handed out while in use (the new" +
        " clone destroyed: users -1), or a pair or struct leaked or " +
        "freed twice")
@State
public class Fclone_02_RecloneWhileCloneFreed {
    public static final FcloneRaces.RecloneWhileCloneFreed RACE =
            new FcloneRaces.RecloneWhileCloneFreed(Races::impl);
    final FcloneRaces.Pair s = RACE.setUp(false);

    @Actor
    public void owner(IIIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void txCompletion(IIIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
        r.r5 = seen[2];
    }
}
