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
 * Canary for {@link Fclone_03_TwoFreesOfTheClone}: the last free decided on a plain read of users == 1.
 * Both frees of skb2 release it and fclone_ref is dropped twice: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenFclone_03_PlainReadLastFree}
 */
@JCStressTest
@JCStressMeta(Fclone_03_TwoFreesOfTheClone.class) // judged by its race's outcome table
@State
public class BrokenFclone_03_PlainReadLastFree {
    public static final FcloneRaces.TwoFreesOfTheClone RACE = new FcloneRaces.TwoFreesOfTheClone(
            () -> Canaries.lastFreePlainRead(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final FcloneRaces.Pair s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void freerA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freerB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Fclone_03_TwoFreesOfTheClone.NAMES.of(acted, RACE.observe(s));
    }
}
