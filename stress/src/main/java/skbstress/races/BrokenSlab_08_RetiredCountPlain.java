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
 * Canary for {@link Slab_08_TwoStructsRetire}: a retirement counts itself with a read, then a write
 * (stress/src/mutants/retired-count-plain.mutant), so two at once can count one: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenSlab_08_RetiredCountPlain}
 */
@JCStressTest
@JCStressMeta(Slab_08_TwoStructsRetire.class) // judged by its race's outcome table
@State
public class BrokenSlab_08_RetiredCountPlain {
    public static final RetireRaces.TwoRetireAtOnce RACE = new RetireRaces.TwoRetireAtOnce(
            () -> Canaries.retiredCountPlain(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final RetireRaces.LastLives s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void holderA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void holderB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Slab_08_TwoStructsRetire.NAMES.of(acted, RACE.observe(s));
    }
}
