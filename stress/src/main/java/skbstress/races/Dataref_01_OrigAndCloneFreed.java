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
 * An skb and its clone (dataref 2) freed on two threads; the data is a zero-copy slice whose free
 * function counts releases.
 *
 * <pre>
 * outcome (origOwner, cloneOwner, dataReleases)
 *   1, 1, 1  ACCEPTABLE  both structs released; the data released exactly once, by whichever free came last
 *   other    FORBIDDEN   I-DATA-3: data released never (leaked) or twice
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Dataref_01_OrigAndCloneFreed}
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "both structs released; the data released exactly once, by " +
        "whichever free came last")
@Outcome(expect = FORBIDDEN, desc = "I-DATA-3: data released never (leaked) or twice")
@State
public class Dataref_01_OrigAndCloneFreed {
    public static final DatarefRaces.OrigAndCloneFreed RACE =
            new DatarefRaces.OrigAndCloneFreed(Races::impl);
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
