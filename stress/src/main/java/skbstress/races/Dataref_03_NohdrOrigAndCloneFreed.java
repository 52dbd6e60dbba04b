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
 * A header-released (nohdr) original and its clone (dataref 0x10002) freed on two threads.
 *
 * <pre>
 * outcome (origOwner, cloneOwner, dataReleases)
 *   1, 1, 1  ACCEPTABLE  dataref 0x10002 drops by 0x10001 and by 1 in either order; the data released exactly
 *                        once
 *   other    FORBIDDEN   I-DATA-3: data released never (leaked) or twice
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Dataref_03_NohdrOrigAndCloneFreed}
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "dataref 0x10002 drops by 0x10001 and by 1 in either order; " +
        "the data released exactly once")
@Outcome(expect = FORBIDDEN, desc = "I-DATA-3: data released never (leaked) or twice")
@State
public class Dataref_03_NohdrOrigAndCloneFreed {
    public static final DatarefRaces.NohdrOrigAndCloneFreed RACE =
            new DatarefRaces.NohdrOrigAndCloneFreed(Races::impl);
    final DatarefRaces.Observed s = RACE.setUp(false);

    @Actor
    public void origOwner(III_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void cloneOwner(III_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(III_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
    }
}
