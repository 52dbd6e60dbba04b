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
 * Canary for {@link Users_04_CloneRacesLastFree}: the clone reads its original without holding it, so the
 * owner's free can release the data under the clone (the clone then shares a freed head): this test must
 * fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenUsers_04_CloneWithoutPin}
 */
@JCStressTest
@JCStressMeta(Users_04_CloneRacesLastFree.class) // judged by its race's outcome table
@State
public class BrokenUsers_04_CloneWithoutPin {
    public static final UsersRaces.CloneRacesLastFree RACE = new UsersRaces.CloneRacesLastFree(
            () -> Canaries.cloneWithoutPin(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final UsersRaces.Single s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void cloner() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void owner() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Users_04_CloneRacesLastFree.NAMES.of(acted, RACE.observe(s));
    }
}
