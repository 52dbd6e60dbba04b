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
 * Two holders of one object drop their references at once (P-SUBJ-2), on the subject the run names
 * ({@code --subject}, ours by default): exactly one drop frees it.
 *
 * <pre>
 * outcome (holder A's drop freed it, holder B's drop freed it)
 * measured: (see the closing note of the stop that added it)
 *   name      tuple  expect      meaning
 *   a-frees   1, 0   ACCEPTABLE  B dropped first; A's drop was the last and freed it
 *   b-frees   0, 1   ACCEPTABLE  A dropped first; B's drop freed it
 *   other            FORBIDDEN   P-SUBJ-2: freed twice, or never
 * </pre>
 * The table is checked against the capability's reference semantics (every interleaving of the actors'
 * operations) by OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Ref_01_TwoHoldersDrop}
 */
@JCStressTest
@Outcome(id = "a-frees", expect = ACCEPTABLE, desc = "B dropped first; A's drop freed it")
@Outcome(id = "b-frees", expect = ACCEPTABLE, desc = "A dropped first; B's drop freed it")
@Outcome(expect = FORBIDDEN, desc = "P-SUBJ-2: freed twice, or never")
@State
public class Ref_01_TwoHoldersDrop {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("a-frees", 1, 0).and("b-frees", 0, 1);
    public static final CapabilityRaces.TwoHoldersDrop RACE = new CapabilityRaces.TwoHoldersDrop(() -> Races.subject().newReferenceCount());
    final CapabilityRaces.TwoRefs s = RACE.setUpForRun();
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
