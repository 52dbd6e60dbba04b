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
 * The holders of a view and of a view derived from it read the data and drop their views at once
 * (P-SUBJ-3), on the subject the run names: each reads every byte while it holds its view, whichever drops
 * first.
 *
 * <pre>
 * outcome (A read every byte, B read every byte)
 * measured: (see the closing note of the stop that added it)
 *   name        tuple  expect      meaning
 *   both-read   1, 1   ACCEPTABLE  each read the data through its own view, then dropped it
 *   other              FORBIDDEN   P-SUBJ-3: a view read other bytes or was refused (its data freed while it
 *                                  held it), or a drop was refused (a reference given back twice)
 * </pre>
 * The table is checked against the capability's reference semantics (every interleaving of the actors'
 * operations) by OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Views_01_TwoViewsDropped}
 */
@JCStressTest
@Outcome(id = "both-read", expect = ACCEPTABLE, desc = "each read the data through its own view")
@Outcome(expect = FORBIDDEN, desc = "P-SUBJ-3: a view's data freed while it held it, or a reference given back "
        + "twice")
@State
public class Views_01_TwoViewsDropped {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("both-read", 1, 1);
    public static final CapabilityRaces.TwoViewsDropped RACE = new CapabilityRaces.TwoViewsDropped(() -> Races.subject().newSharedViews());
    final CapabilityRaces.TwoViews s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void holderA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void holderB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
