package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIIII_Result;
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
    final ZeroCopyRaces.Shared s = RACE.setUp(false);

    @Actor
    public void origOwner(IIIIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void cloneOwner(IIIIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIIIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
        r.r5 = seen[2];
        r.r6 = seen[3];
    }
}
