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
 * ORIG and its fast clone (fclone_ref 2) freed on two threads; each run has its own caches.
 *
 * <pre>
 * outcome (origOwner, txCompletion, livePairs, liveStructs)
 * measured: 800,733 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                tuple       expect      samples     freq  meaning
 *   pair-returned-once  1, 1, 0, 0  ACCEPTABLE  800,733  100.00%  both members released; the pair back in its cache
 *                                                                 exactly once (0 live), no head- cache struct
 *                                                                 involved
 *   other                           FORBIDDEN         0    0.00%  I-FCLONE-1: the pair never returned (1 live) or
 *                                                                 returned twice (-1 live)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Fclone_01_OrigAndCloneFreed}
 */
@JCStressTest
@Outcome(id = "pair-returned-once", expect = ACCEPTABLE, desc = "both members released; the pair back in its " +
        "cache exactly once (0 live), no head-cache struct involved")
@Outcome(expect = FORBIDDEN, desc = "I-FCLONE-1: the pair never returned (1 live) or returned " +
        "twice (-1 live)")
@State
public class Fclone_01_OrigAndCloneFreed {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("pair-returned-once", 1, 1, 0, 0);
    public static final FcloneRaces.OrigAndCloneFreed RACE =
            new FcloneRaces.OrigAndCloneFreed(Races::impl);
    final FcloneRaces.Pair s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void origOwner() {
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
