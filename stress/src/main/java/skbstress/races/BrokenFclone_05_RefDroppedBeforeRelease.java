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
 * Canary for {@link Fclone_05_RecloneWhileOwnedCloneFreed}: a dying fast clone drops fclone_ref before its
 * own release (stress/src/mutants/fclone-ref-dropped-before-release.mutant, B11(a)). The owner's next
 * attempt is built in skb2 while the old clone's release still reads it, so destructor 5 is lost (the
 * release reads the new clone's empty destructor): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenFclone_05_RefDroppedBeforeRelease}
 */
@JCStressTest
@JCStressMeta(Fclone_05_RecloneWhileOwnedCloneFreed.class) // judged by its race's outcome table
@State
public class BrokenFclone_05_RefDroppedBeforeRelease {
    public static final FcloneRaces.RecloneWhileOwnedCloneFreed RACE =
            new FcloneRaces.RecloneWhileOwnedCloneFreed(
                    () -> Canaries.fcloneRefDroppedBeforeRelease(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final FcloneRaces.OwnedPair s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void owner() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void txCompletion() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Fclone_05_RecloneWhileOwnedCloneFreed.NAMES.of(acted, RACE.observe(s));
    }
}
