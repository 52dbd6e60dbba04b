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
 * Canary for {@link PagePool_02_TwoPagesRecycledAtOnce}: a recycled page is pushed with a compare-and-set against
 * a head read again after the node was linked to the old one, so a push that lands in between is unlinked: its
 * page is lost from the pool's cache: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenPagePool_02_PushLost}
 */
@JCStressTest
@JCStressMeta(PagePool_02_TwoPagesRecycledAtOnce.class) // judged by its race's outcome table
@State
public class BrokenPagePool_02_PushLost {
    public static final PagePoolRaces.TwoPagesRecycledAtOnce RACE = new PagePoolRaces.TwoPagesRecycledAtOnce(
            () -> Canaries.pagePoolPushLost(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final PagePoolRaces.TwoPages s = RACE.setUpForRun();
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
        r.r1 = PagePool_02_TwoPagesRecycledAtOnce.NAMES.of(acted, RACE.observe(s));
    }
}
