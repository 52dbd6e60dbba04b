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
 * Canary for {@link ZeroCopy_01_DriverSlicesFreed}: free function per skb. The free function runs on
 * every slice release (5 calls, one of them at the driver's release): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenZeroCopy_01_FreeFunctionPerSkb}
 */
@JCStressTest
@JCStressMeta(ZeroCopy_01_DriverSlicesFreed.class) // judged by its race's outcome table
@State
public class BrokenZeroCopy_01_FreeFunctionPerSkb {
    public static final ZeroCopyRaces.DriverSlicesFreed RACE =
            new ZeroCopyRaces.DriverSlicesFreed(
                    () -> Canaries.freeFunctionPerSlice(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final ZeroCopyRaces.Slices s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void rxQueueA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void rxQueueB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = ZeroCopy_01_DriverSlicesFreed.NAMES.of(acted, RACE.observe(s));
    }
}
