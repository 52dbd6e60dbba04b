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
 * Canary for {@link Dataref_03_NohdrOrigAndCloneFreed}: plain dataref decrement. The two plain
 * subtractions overwrite each other and dataref never reaches 0 ("1, 1, 0"): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenDataref_03_PlainDecrement}
 */
@JCStressTest
@JCStressMeta(Dataref_03_NohdrOrigAndCloneFreed.class) // judged by its race's outcome table
@State
public class BrokenDataref_03_PlainDecrement {
    public static final DatarefRaces.NohdrOrigAndCloneFreed RACE =
            new DatarefRaces.NohdrOrigAndCloneFreed(
                    () -> Canaries.datarefPlainDecrement(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final DatarefRaces.Observed s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void origOwner() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void cloneOwner() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Dataref_03_NohdrOrigAndCloneFreed.NAMES.of(acted, RACE.observe(s));
    }
}
