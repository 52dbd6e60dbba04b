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
 * Canary for {@link ZeroCopy_02_UbufCompletionBetweenClones}: completion per release. The completion
 * runs on every reference drop (two notifications): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenZeroCopy_02_CompletionPerRelease}
 */
@JCStressTest
@JCStressMeta(ZeroCopy_02_UbufCompletionBetweenClones.class) // judged by its race's outcome table
@State
public class BrokenZeroCopy_02_CompletionPerRelease {
    public static final ZeroCopyRaces.UbufCompletionBetweenClones RACE =
            new ZeroCopyRaces.UbufCompletionBetweenClones(
                    () -> Canaries.completionPerRelease(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final ZeroCopyRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void origOwner() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void cloneOwner() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = ZeroCopy_02_UbufCompletionBetweenClones.NAMES.of(acted, RACE.observe(s));
    }
}
