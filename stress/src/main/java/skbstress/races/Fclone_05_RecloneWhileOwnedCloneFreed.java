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
 * TX completion frees a fast clone that holds a socket's destructor while the owner re-clones ORIG, up to
 * three attempts back to back (B11a, the fast clone's fclone_ref ordering).
 *
 * <pre>
 * outcome (owner's attempt in skb2, txCompletion, destructor 5 on the clone, destructors on the re-clone,
 *          consistent and quiet)
 * measured: 18,046 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                       tuple          expect      samples  freq  meaning
 *   freed-before-attempt-1     1, 1, 1, 0, 1  ACCEPTABLE  7,192  39.85%  the free came first: the first attempt re-
 *                                                                        cloned into skb2
 *   freed-before-attempt-2     2, 1, 1, 0, 1  ACCEPTABLE  9,433  52.27%  the free came between the first and the
 *                                                                        second attempt
 *   freed-before-attempt-3     3, 1, 1, 0, 1  ACCEPTABLE    600   3.32%  the free came between the second and the
 *                                                                        third attempt
 *   freed-after-every-attempt  0, 1, 1, 0, 1  ACCEPTABLE    821   4.55%  the free came last: every attempt took a
 *                                                                        head-cache struct
 *   other                                     FORBIDDEN       0   0.00%  I-FCLONE-4/I-DESTR-1: skb2 reused while its
 *                                                                        release still read it (destructor 5 lost or
 *                                                                        run twice, the wrong data reference dropped)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Fclone_05_RecloneWhileOwnedCloneFreed}
 */
@JCStressTest
@Outcome(id = "freed-before-attempt-1", expect = ACCEPTABLE, desc = "the free came first: the first attempt " +
        "re-cloned into skb2")
@Outcome(id = "freed-before-attempt-2", expect = ACCEPTABLE, desc = "the free came between the first and the " +
        "second attempt")
@Outcome(id = "freed-before-attempt-3", expect = ACCEPTABLE, desc = "the free came between the second and the " +
        "third attempt")
@Outcome(id = "freed-after-every-attempt", expect = ACCEPTABLE, desc = "the free came last: every attempt took a " +
        "head-cache struct")
@Outcome(expect = FORBIDDEN, desc = "I-FCLONE-4/I-DESTR-1: skb2 reused while its release still read it")
@State
public class Fclone_05_RecloneWhileOwnedCloneFreed {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("freed-before-attempt-1", 1, 1, 1, 0, 1)
            .and("freed-before-attempt-2", 2, 1, 1, 0, 1)
            .and("freed-before-attempt-3", 3, 1, 1, 0, 1)
            .and("freed-after-every-attempt", 0, 1, 1, 0, 1);
    public static final FcloneRaces.RecloneWhileOwnedCloneFreed RACE =
            new FcloneRaces.RecloneWhileOwnedCloneFreed(Races::impl);
    final FcloneRaces.OwnedPair s = RACE.setUpForRun();
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
