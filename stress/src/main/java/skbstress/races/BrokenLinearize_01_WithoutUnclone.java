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
 * Canary for {@link Linearize_01_CloneFreedWhileLinearized}: skb_linearize pulls a cloned skb in place, so it
 * drops frag references its clone still shares and the page is released twice (or under the clone): this test
 * must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenLinearize_01_WithoutUnclone}
 */
@JCStressTest
@JCStressMeta(Linearize_01_CloneFreedWhileLinearized.class) // judged by its race's outcome table
@State
public class BrokenLinearize_01_WithoutUnclone {
    public static final LinearizeRaces.CloneFreedWhileLinearized RACE =
            new LinearizeRaces.CloneFreedWhileLinearized(
                    () -> Canaries.linearizeWithoutUnclone(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final LinearizeRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void linearizer() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Linearize_01_CloneFreedWhileLinearized.NAMES.of(acted, RACE.observe(s));
    }
}
