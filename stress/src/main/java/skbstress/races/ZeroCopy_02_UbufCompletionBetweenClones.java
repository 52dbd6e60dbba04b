package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIIII_Result;

/**
 * An skb with DONT_ORPHAN zero-copy frags and its clone share one ubuf reference (the caller's is
 * dropped); both freed on two threads.
 *
 * <pre>
 * outcome (origOwner, cloneOwner, notifications, lo, hi, copied)
 *   1, 1, 1, 0, 0, 0  ACCEPTABLE  one completion, for ids [0, 0], zero-copy (no COPIED)
 *   other             FORBIDDEN   I-ZC-2: the completion ran never or twice, or reported the wrong range or
 *                                 COPIED
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t ZeroCopy_02_UbufCompletionBetweenClones}
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 0, 0, 0", expect = ACCEPTABLE, desc = "one completion, for ids [0, 0], zero-copy (no COPIED)")
@Outcome(expect = FORBIDDEN, desc = "I-ZC-2: the completion ran never or twice, or reported the " +
        "wrong range or COPIED")
@State
public class ZeroCopy_02_UbufCompletionBetweenClones {
    public static final ZeroCopyRaces.UbufCompletionBetweenClones RACE =
            new ZeroCopyRaces.UbufCompletionBetweenClones(Races::impl);
    final ZeroCopyRaces.Shared s = RACE.setUp(false);

    @Actor
    public void origOwner(IIIIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void cloneOwner(IIIIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIIIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
        r.r5 = seen[2];
        r.r6 = seen[3];
    }
}
