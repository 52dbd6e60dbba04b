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
 * Canary for {@link Geometry_01_TwoHoldersPut}: edits do not exclude other operations on the skb. Both
 * puts read the same tail: one update is lost ("1, 1, 4, ..."): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenGeometry_01_WithoutExclusion}
 */
@JCStressTest
@JCStressMeta(Geometry_01_TwoHoldersPut.class) // judged by its race's outcome table
@State
public class BrokenGeometry_01_WithoutExclusion {
    public static final GeometryRaces.TwoHoldersPut RACE = new GeometryRaces.TwoHoldersPut(
            () -> Canaries.editWithoutExclusion(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final GeometryRaces.Held s = RACE.setUp(false);

    @Actor
    public void putterA(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void putterB(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
