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
 * Canary for {@link Fclone_02_RecloneWhileCloneFreed}: the fast clone taken while skb2 is in use
 * (stress/src/mutants/fclone-when-busy.mutant, B11(b)). When the owner re-clones before TX completion
 * frees the old clone, the new clone is built in the old clone's struct: the old clone's free is then
 * refused or releases the new one: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenFclone_02_FastCloneWhenBusy}
 */
@JCStressTest
@JCStressMeta(Fclone_02_RecloneWhileCloneFreed.class) // judged by its race's outcome table
@State
public class BrokenFclone_02_FastCloneWhenBusy {
    public static final FcloneRaces.RecloneWhileCloneFreed RACE =
            new FcloneRaces.RecloneWhileCloneFreed(
                    () -> Canaries.fcloneWhenBusy(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final FcloneRaces.Pair s = RACE.setUpForRun();
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
        r.r1 = Fclone_02_RecloneWhileCloneFreed.NAMES.of(acted, RACE.observe(s));
    }
}
