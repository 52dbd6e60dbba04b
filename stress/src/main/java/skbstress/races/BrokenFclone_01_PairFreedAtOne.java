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
 * Canary for {@link Fclone_01_OrigAndCloneFreed}: pair freed at one. The clone freed first returns the
 * pair at fclone_ref 1, and ORIG returns it again ("1, 1, -1, 0"): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenFclone_01_PairFreedAtOne}
 */
@JCStressTest
@JCStressMeta(Fclone_01_OrigAndCloneFreed.class) // judged by its race's outcome table
@State
public class BrokenFclone_01_PairFreedAtOne {
    public static final FcloneRaces.OrigAndCloneFreed RACE =
            new FcloneRaces.OrigAndCloneFreed(
                    () -> Canaries.fclonePairFreedAtOne(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final FcloneRaces.Pair s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void origOwner() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void txCompletion() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Fclone_01_OrigAndCloneFreed.NAMES.of(acted, RACE.observe(s));
    }
}
