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
 * TX completion frees a fast clone that holds a socket's destructor while the owner re-clones ORIG, up to
 * three attempts back to back (B11a, the fast clone's fclone_ref ordering).
 *
 * <pre>
 * outcome (owner's attempt in skb2, txCompletion, destructor 5 on the clone, destructors on the re-clone,
 *          consistent and quiet)
 *   1, 1, 1, 0, 1  ACCEPTABLE  the free came first: the first attempt re-cloned into skb2
 *   2, 1, 1, 0, 1  ACCEPTABLE  the free came between the first and the second attempt
 *   3, 1, 1, 0, 1  ACCEPTABLE  the free came between the second and the third attempt
 *   0, 1, 1, 0, 1  ACCEPTABLE  the free came last: every attempt took a head-cache struct
 *   other          FORBIDDEN   I-FCLONE-4/I-DESTR-1: skb2 reused while its release still read it
 *                              (destructor 5 lost or run twice, the wrong data reference dropped)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Fclone_05_RecloneWhileOwnedCloneFreed}
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 0, 1", expect = ACCEPTABLE, desc = "the free came first: the first attempt re-cloned into skb2")
@Outcome(id = "2, 1, 1, 0, 1", expect = ACCEPTABLE, desc = "the free came between the first and the second attempt")
@Outcome(id = "3, 1, 1, 0, 1", expect = ACCEPTABLE, desc = "the free came between the second and the third attempt")
@Outcome(id = "0, 1, 1, 0, 1", expect = ACCEPTABLE, desc = "the free came last: every attempt took a head-cache struct")
@Outcome(expect = FORBIDDEN, desc = "I-FCLONE-4/I-DESTR-1: skb2 reused while its release still read it")
@State
public class Fclone_05_RecloneWhileOwnedCloneFreed {
    public static final FcloneRaces.RecloneWhileOwnedCloneFreed RACE =
            new FcloneRaces.RecloneWhileOwnedCloneFreed(Races::impl);
    final FcloneRaces.OwnedPair s = RACE.setUp(false);

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
