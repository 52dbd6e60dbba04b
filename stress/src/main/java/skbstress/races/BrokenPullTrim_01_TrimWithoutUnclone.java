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
 * Canary for {@link PullTrim_01_CloneFreedWhilePulled}: pskb_trim cuts a cloned skb's frags in place, in the shared
 * info its clone still reads, so the clone loses bytes: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenPullTrim_01_TrimWithoutUnclone}
 */
@JCStressTest
@JCStressMeta(PullTrim_01_CloneFreedWhilePulled.class) // judged by its race's outcome table
@State
public class BrokenPullTrim_01_TrimWithoutUnclone {
    public static final PullTrimRaces.CloneFreedWhilePulled RACE =
            new PullTrimRaces.CloneFreedWhilePulled(
                    () -> Canaries.trimWithoutUnclone(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final PullTrimRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void puller() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = PullTrim_01_CloneFreedWhilePulled.NAMES.of(acted, RACE.observe(s));
    }
}
