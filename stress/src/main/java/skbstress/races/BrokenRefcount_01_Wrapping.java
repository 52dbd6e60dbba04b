package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;
import skbstress.api.SkbConfig;
import skbstress.canary.Canaries;
import skbstress.impl.slab.Magazine;

/**
 * Canary for {@link Refcount_01_SaturationRacingIncrements}: wrapping users. Users wraps negative
 * instead of saturating ("1, 1, 0, ..."): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenRefcount_01_Wrapping}
 */
@JCStressTest
@JCStressMeta(Refcount_01_SaturationRacingIncrements.class) // judged by its race's outcome table
@State
public class BrokenRefcount_01_Wrapping {
    public static final RefcountRaces.SaturationRacingIncrements RACE =
            new RefcountRaces.SaturationRacingIncrements(
                    () -> Canaries.usersWrap(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final RefcountRaces.AtMax s = RACE.setUpForRun();
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
        r.r1 = Refcount_01_SaturationRacingIncrements.NAMES.of(acted, RACE.observe(s));
    }
}
