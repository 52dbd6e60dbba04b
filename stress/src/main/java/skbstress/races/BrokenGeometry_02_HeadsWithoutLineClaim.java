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
    final GeometryRaces.OnePage s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void rxA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void rxB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Geometry_02_TwoHeadsOnOneLine.NAMES.of(acted, RACE.observe(s));
    }
}
