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
    final GeometryRaces.Held s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void putterA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void putterB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Geometry_01_TwoHoldersPut.NAMES.of(acted, RACE.observe(s));
    }
}
