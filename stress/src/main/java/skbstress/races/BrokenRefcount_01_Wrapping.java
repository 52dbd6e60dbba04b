package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
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
    final RefcountRaces.AtMax s = RACE.setUp(false);

    @Actor
    public void holderA(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void holderB(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
