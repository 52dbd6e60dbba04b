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
 * Canary for {@link Fclone_04_TwoHoldersFastClone}: the kernel's fast clone, a read of fclone_ref == 1
 * then a plain store of 2. Both cloners read 1 and both take skb2 ("2, 2"): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenFclone_04_PlainStore}
 */
@JCStressTest
@JCStressMeta(Fclone_04_TwoHoldersFastClone.class) // judged by its race's outcome table
@State
public class BrokenFclone_04_PlainStore {
    public static final FcloneRaces.TwoHoldersFastClone RACE = new FcloneRaces.TwoHoldersFastClone(
            () -> Canaries.fastClonePlainStore(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final FcloneRaces.Orig s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void clonerA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void clonerB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Fclone_04_TwoHoldersFastClone.NAMES.of(acted, RACE.observe(s));
    }
}
