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
 * Canary for {@link ZeroCopy_03_TwoReleasesOfOneBuffer}: the driver's release tests its bit on one read and
 * clears it with a separate subtraction (stress/src/mutants/driver-bit-tested-then-cleared.mutant), so two
 * releases that meet are both accepted: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenZeroCopy_03_DriverBitTestedThenCleared}
 */
@JCStressTest
@JCStressMeta(ZeroCopy_03_TwoReleasesOfOneBuffer.class) // judged by its race's outcome table
@State
public class BrokenZeroCopy_03_DriverBitTestedThenCleared {
    public static final ZeroCopyRaces.TwoReleasesOfOneBuffer RACE = new ZeroCopyRaces.TwoReleasesOfOneBuffer(
            () -> Canaries.driverBitTestedThenCleared(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final ZeroCopyRaces.OneBuffer s = RACE.setUpForRun();
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
        r.r1 = ZeroCopy_03_TwoReleasesOfOneBuffer.NAMES.of(acted, RACE.observe(s));
    }
}
