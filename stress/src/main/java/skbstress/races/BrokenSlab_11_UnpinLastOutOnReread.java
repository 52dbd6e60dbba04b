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
 * Canary for {@link Slab_11_TwoReadsLeaveAfterAFree}: the end of a pin takes the value its decrement replaced
 * from a re-read (stress/src/mutants/unpin-last-out-on-reread.mutant), so two reads leaving at once can both
 * decide they were the last one out and release the object twice: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenSlab_11_UnpinLastOutOnReread}
 */
@JCStressTest
@JCStressMeta(Slab_11_TwoReadsLeaveAfterAFree.class) // judged by its race's outcome table
@State
public class BrokenSlab_11_UnpinLastOutOnReread {
    public static final SlabAccessRaces.TwoReadsLeaveAfterAFree RACE = new SlabAccessRaces.TwoReadsLeaveAfterAFree(
            () -> Canaries.unpinLastOutOnReread(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final SlabAccessRaces.Held s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void readerA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void readerB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Slab_11_TwoReadsLeaveAfterAFree.NAMES.of(acted, RACE.observe(s));
    }
}
