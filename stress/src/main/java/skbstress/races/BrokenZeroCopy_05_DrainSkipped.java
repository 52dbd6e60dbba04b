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
 * Canary for {@link ZeroCopy_05_TwoBuffersReleasedAtOnce}: a driver's release returns without running the
 * free functions it made due (stress/src/mutants/driver-release-without-drain.mutant), so they wait for
 * the thread's next call: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenZeroCopy_05_DrainSkipped}
 */
@JCStressTest
@JCStressMeta(ZeroCopy_05_TwoBuffersReleasedAtOnce.class) // judged by its race's outcome table
@State
public class BrokenZeroCopy_05_DrainSkipped {
    public static final ZeroCopyRaces.TwoBuffersReleasedAtOnce RACE = new ZeroCopyRaces.TwoBuffersReleasedAtOnce(
            () -> Canaries.driverReleaseWithoutDrain(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final ZeroCopyRaces.TwoBuffers s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void driverA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void driverB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = ZeroCopy_05_TwoBuffersReleasedAtOnce.NAMES.of(acted, RACE.observe(s));
    }
}
