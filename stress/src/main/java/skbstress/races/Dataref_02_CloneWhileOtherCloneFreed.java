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
 * The holder of an skb clones it while another holder frees an earlier clone of the same data (dataref
 * 2 before).
 *
 * <pre>
 * outcome (cloner, freer, datarefAfter, dataReleases)
 *   1, 1, 2, 1  ACCEPTABLE  the clone and the free land in either order: dataref 2 afterwards (original and new
 *                           clone), data released once at the end
 *   other       FORBIDDEN   I-DATA-2: a dataref update lost (dataref after != 2) or the data released early or
 *                           twice
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Dataref_02_CloneWhileOtherCloneFreed}
 */
@JCStressTest
@Outcome(id = "1, 1, 2, 1", expect = ACCEPTABLE, desc = "the clone and the free land in either order: dataref 2 " +
        "afterwards (original and new clone), data released once at " +
        "the end")
@Outcome(expect = FORBIDDEN, desc = "I-DATA-2: a dataref update lost (dataref after != 2) or the " +
        "data released early or twice")
@State
public class Dataref_02_CloneWhileOtherCloneFreed {
    public static final DatarefRaces.CloneWhileOtherCloneFreed RACE =
            new DatarefRaces.CloneWhileOtherCloneFreed(Races::impl);
    final DatarefRaces.Observed s = RACE.setUp(false);

    @Actor
    public void cloner(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void freer(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
