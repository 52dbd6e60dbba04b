package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;
import skbstress.subject.Broken;

/**
 * Canary for {@link Ref_02_RetainRacesDrop}: a drop decides that it freed the object from the count it read before dropping, so the last
 * drop can miss it. On whichever subject the run names, this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenRef_02_DecidedOnAStaleCount}
 */
@JCStressTest
@JCStressMeta(Ref_02_RetainRacesDrop.class) // judged by its race's outcome table
@State
public class BrokenRef_02_DecidedOnAStaleCount {
    public static final CapabilityRaces.RetainRacesDrop RACE = new CapabilityRaces.RetainRacesDrop(() -> Broken.staleDecision(Races.subject().newReferenceCount()));
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
        r.r1 = Ref_02_RetainRacesDrop.NAMES.of(acted, RACE.observe(s));
    }
}
