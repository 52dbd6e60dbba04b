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
    final ZeroCopyRaces.Slices s = RACE.setUp(false);

    @Actor
    public void rxQueueA(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void rxQueueB(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
