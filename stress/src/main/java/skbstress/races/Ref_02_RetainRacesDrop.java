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
 * One holder takes a second reference and drops both while the other holder drops its one (P-SUBJ-2), on
 * the subject the run names: of the four drops exactly one frees the object.
 *
 * <pre>
 * outcome (one of the retainer's drops freed it, the holder's drop freed it)
 * measured: (see the closing note of the stop that added it)
 *   name              tuple  expect      meaning
 *   retainer-frees    1, 0   ACCEPTABLE  the holder dropped first; the retainer's last drop freed it
 *   holder-frees      0, 1   ACCEPTABLE  the retainer was done first; the holder's drop freed it
 *   other                    FORBIDDEN   P-SUBJ-2: freed twice, or never
 * </pre>
 * The table is checked against the capability's reference semantics (every interleaving of the actors'
 * operations) by OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Ref_02_RetainRacesDrop}
 */
@JCStressTest
@Outcome(id = "retainer-frees", expect = ACCEPTABLE, desc = "the holder dropped first; the retainer's last "
        + "drop freed it")
@Outcome(id = "holder-frees", expect = ACCEPTABLE, desc = "the retainer was done first; the holder's drop freed it")
@Outcome(expect = FORBIDDEN, desc = "P-SUBJ-2: freed twice, or never")
@State
public class Ref_02_RetainRacesDrop {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("retainer-frees", 1, 0).and("holder-frees", 0, 1);
    public static final CapabilityRaces.RetainRacesDrop RACE = new CapabilityRaces.RetainRacesDrop(() -> Races.subject().newReferenceCount());
    final CapabilityRaces.TwoRefs s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void retainer() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void holder() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
