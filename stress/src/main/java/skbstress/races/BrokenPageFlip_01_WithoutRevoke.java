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
 * Canary for {@link PageFlip_01_LateSourceAccess}: flip without revoke. The flip does not stop the
 * source first, so a late write lands after the scrub ("1, 1, 34"): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenPageFlip_01_WithoutRevoke}
 */
@JCStressTest
@JCStressMeta(PageFlip_01_LateSourceAccess.class) // judged by its race's outcome table
@State
public class BrokenPageFlip_01_WithoutRevoke {
    public static final PageFlipRaces.LateSourceAccess RACE =
            new PageFlipRaces.LateSourceAccess(
                    () -> Canaries.flipWithoutRevoke(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final PageFlipRaces.Flip s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void sender() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void lateSource() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = PageFlip_01_LateSourceAccess.NAMES.of(acted, RACE.observe(s));
    }
}
