package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * ORIG and its fast clone (fclone_ref 2) freed on two threads; each run has its own caches.
 *
 * <pre>
 * outcome (origOwner, txCompletion, livePairs, liveStructs)
 *   1, 1, 0, 0  ACCEPTABLE  both members released; the pair back in its cache exactly once (0 live), no head-
 *                           cache struct involved
 *   other       FORBIDDEN   I-FCLONE-1: the pair never returned (1 live) or returned twice (-1 live)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Fclone_01_OrigAndCloneFreed}
 */
@JCStressTest
@Outcome(id = "1, 1, 0, 0", expect = ACCEPTABLE, desc = "both members released; the pair back in its cache exactly " +
        "once (0 live), no head-cache struct involved")
@Outcome(expect = FORBIDDEN, desc = "I-FCLONE-1: the pair never returned (1 live) or returned " +
        "twice (-1 live)")
@State
public class Fclone_01_OrigAndCloneFreed {
    public static final FcloneRaces.OrigAndCloneFreed RACE =
            new FcloneRaces.OrigAndCloneFreed(Races::impl);
    final FcloneRaces.Pair s = RACE.setUp(false);

    @Actor
    public void origOwner(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void txCompletion(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
