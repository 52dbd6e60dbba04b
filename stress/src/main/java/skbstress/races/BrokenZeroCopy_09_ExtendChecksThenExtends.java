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
 * Canary for {@link ZeroCopy_09_ExtendRacesPut}: the extension checks that the caller holds its reference, then
 * extends without holding one of its own, so a put in between completes the ubuf before the new length is stored
 * (stress/src/mutants/extend-checks-then-extends.mutant): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenZeroCopy_09_ExtendChecksThenExtends}
 */
@JCStressTest
@JCStressMeta(ZeroCopy_09_ExtendRacesPut.class) // judged by its race's outcome table
@State
public class BrokenZeroCopy_09_ExtendChecksThenExtends {
    public static final UbufRaces.ExtendRacesPut RACE = new UbufRaces.ExtendRacesPut(
            () -> Canaries.extendChecksThenExtends(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final UbufRaces.SentOnce s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void extender() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void putter() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = ZeroCopy_09_ExtendRacesPut.NAMES.of(acted, RACE.observe(s));
    }
}
