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
 * Canary for {@link Users_05_OneFreeTooMany}: the last free decided on a plain read of users == 1. The
 * second free of the first holder and the other holder's free both see 1 and both release: this test must
 * fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenUsers_05_PlainReadLastFree}
 */
@JCStressTest
@JCStressMeta(Users_05_OneFreeTooMany.class) // judged by its race's outcome table
@State
public class BrokenUsers_05_PlainReadLastFree {
    public static final UsersRaces.OneFreeTooMany RACE = new UsersRaces.OneFreeTooMany(
            () -> Canaries.lastFreePlainRead(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final UsersRaces.Single s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void twiceFreer() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void onceFreer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Users_05_OneFreeTooMany.NAMES.of(acted, RACE.observe(s));
    }
}
