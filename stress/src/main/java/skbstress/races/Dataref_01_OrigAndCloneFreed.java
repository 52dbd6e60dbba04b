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
 * An skb and its clone (dataref 2) freed on two threads; the data is a zero-copy slice whose free
 * function counts releases.
 *
 * <pre>
 * outcome (origOwner, cloneOwner, dataReleases)
 * measured: 843,459 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                 tuple    expect      samples     freq  meaning
 *   data-released-once   1, 1, 1  ACCEPTABLE  843,459  100.00%  both structs released; the data released exactly
 *                                                               once, by whichever free came last
 *   data-leaked          1, 1, 0  FORBIDDEN         0    0.00%  I-DATA-3: both structs released, the data never
 *   data-released-twice  1, 1, 2  FORBIDDEN         0    0.00%  I-DATA-3: both structs released, the data twice
 *   other                         FORBIDDEN         0    0.00%  I-DATA-3: data released never (leaked) or twice
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Dataref_01_OrigAndCloneFreed}
 */
@JCStressTest
@Outcome(id = "data-released-once", expect = ACCEPTABLE, desc = "both structs released; the data released exactly " +
        "once, by whichever free came last")
@Outcome(id = "data-leaked", expect = FORBIDDEN, desc = "I-DATA-3: both structs released, the data never")
@Outcome(id = "data-released-twice", expect = FORBIDDEN, desc = "I-DATA-3: both structs released, the data twice")
@Outcome(expect = FORBIDDEN, desc = "I-DATA-3: data released never (leaked) or twice")
@State
public class Dataref_01_OrigAndCloneFreed {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("data-released-once", 1, 1, 1)
            .and("data-leaked", 1, 1, 0)
            .and("data-released-twice", 1, 1, 2);
    public static final DatarefRaces.OrigAndCloneFreed RACE =
            new DatarefRaces.OrigAndCloneFreed(Races::impl);
    final DatarefRaces.Observed s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void origOwner() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void cloneOwner() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
