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
 * Canary for {@link PagePool_01_TwoHoldersDropAtOnce}: a structure's pp reference is dropped with a plain read of
 * pp_ref_count, then a write, so two holders dropping at once can both read 2 and write 1: neither is the last,
 * and the page stays in flight for ever (never recycled): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenPagePool_01_PlainLastDrop}
 */
@JCStressTest
@JCStressMeta(PagePool_01_TwoHoldersDropAtOnce.class) // judged by its race's outcome table
@State
public class BrokenPagePool_01_PlainLastDrop {
    public static final PagePoolRaces.TwoHoldersDropAtOnce RACE = new PagePoolRaces.TwoHoldersDropAtOnce(
            () -> Canaries.pagePoolPlainLastDrop(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final PagePoolRaces.Shared s = RACE.setUpForRun();
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
        r.r1 = PagePool_01_TwoHoldersDropAtOnce.NAMES.of(acted, RACE.observe(s));
    }
}
