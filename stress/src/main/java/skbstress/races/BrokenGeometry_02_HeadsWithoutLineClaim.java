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
 * Canary for {@link Geometry_02_TwoHeadsOnOneLine}: build_skb does not claim its head's page lines
 * (stress/src/mutants/heads-without-line-claim.mutant), so both heads are built: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenGeometry_02_HeadsWithoutLineClaim}
 */
@JCStressTest
@JCStressMeta(Geometry_02_TwoHeadsOnOneLine.class) // judged by its race's outcome table
@State
public class BrokenGeometry_02_HeadsWithoutLineClaim {
    public static final GeometryRaces.TwoHeadsOnOneLine RACE = new GeometryRaces.TwoHeadsOnOneLine(
            () -> Canaries.headsWithoutLineClaim(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final GeometryRaces.OnePage s = RACE.setUp(false);

    @Actor
    public void rxA(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void rxB(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
