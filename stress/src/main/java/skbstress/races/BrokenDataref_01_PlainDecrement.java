package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
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
    final DatarefRaces.Observed s = RACE.setUp(false);

    @Actor
    public void origOwner(III_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void cloneOwner(III_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(III_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
    }
}
