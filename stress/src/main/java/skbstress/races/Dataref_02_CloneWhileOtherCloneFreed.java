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
 * The holder of an skb clones it while another holder frees an earlier clone of the same data (dataref
 * 2 before).
 *
 * <pre>
 * outcome (cloner, freer, datarefAfter, dataReleases)
 * measured: 666,232 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                  tuple       expect      samples     freq  meaning
 *   both-updates-counted  1, 1, 2, 1  ACCEPTABLE  666,232  100.00%  the clone and the free land in either order:
 *                                                                   dataref 2 afterwards (original and new clone),
 *                                                                   data released once at the end
 *   other                             FORBIDDEN         0    0.00%  I-DATA-2: a dataref update lost (dataref after !=
 *                                                                   2) or the data released early or twice
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Dataref_02_CloneWhileOtherCloneFreed}
 */
@JCStressTest
@Outcome(id = "both-updates-counted", expect = ACCEPTABLE, desc = "the clone and the free land in either order: " +
        "dataref 2 afterwards (original and new clone), data released once at the end")
@Outcome(expect = FORBIDDEN, desc = "I-DATA-2: a dataref update lost (dataref after != 2) or the " +
        "data released early or twice")
@State
public class Dataref_02_CloneWhileOtherCloneFreed {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("both-updates-counted", 1, 1, 2, 1);
    public static final DatarefRaces.CloneWhileOtherCloneFreed RACE =
            new DatarefRaces.CloneWhileOtherCloneFreed(Races::impl);
    final DatarefRaces.Observed s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void cloner() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
