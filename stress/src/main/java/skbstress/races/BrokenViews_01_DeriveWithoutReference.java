package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;
import skbstress.subject.Broken;

/**
 * Canary for {@link Views_01_TwoViewsDropped}: the derived view takes no reference of its own on the data (Netty's {@code duplicate()} where
 * {@code retainedDuplicate()} was due), so a reference is given back twice. On whichever subject the run names, this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenViews_01_DeriveWithoutReference}
 */
@JCStressTest
@JCStressMeta(Views_01_TwoViewsDropped.class) // judged by its race's outcome table
@State
public class BrokenViews_01_DeriveWithoutReference {
    public static final CapabilityRaces.TwoViewsDropped RACE = new CapabilityRaces.TwoViewsDropped(() -> Broken.deriveWithoutReference(Races.subject().newSharedViews()));
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
        r.r1 = Views_01_TwoViewsDropped.NAMES.of(acted, RACE.observe(s));
    }
}
