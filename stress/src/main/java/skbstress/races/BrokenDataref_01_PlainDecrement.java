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
 * Canary for {@link Dataref_01_OrigAndCloneFreed}: plain dataref decrement. Both read dataref 2 and
 * write 1, so the data is never released ("1, 1, 0"): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenDataref_01_PlainDecrement}
 */
@JCStressTest
@JCStressMeta(Dataref_01_OrigAndCloneFreed.class) // judged by its race's outcome table
@State
public class BrokenDataref_01_PlainDecrement {
    public static final DatarefRaces.OrigAndCloneFreed RACE =
            new DatarefRaces.OrigAndCloneFreed(
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
        r.r1 = Dataref_01_OrigAndCloneFreed.NAMES.of(acted, RACE.observe(s));
    }
}
