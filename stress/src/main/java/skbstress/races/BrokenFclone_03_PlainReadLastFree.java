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
    final FcloneRaces.Pair s = RACE.setUp(false);

    @Actor
    public void freerA(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void freerB(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
