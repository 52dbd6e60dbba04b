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
 * Canary for {@link Users_02_GetRacesFree}: plain users decrement. The plain decrement can overwrite
 * the racing increment (users 1 after): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenUsers_02_PlainDecrement}
 */
@JCStressTest
@JCStressMeta(Users_02_GetRacesFree.class) // judged by its race's outcome table
@State
public class BrokenUsers_02_PlainDecrement {
    public static final UsersRaces.GetRacesFree RACE =
            new UsersRaces.GetRacesFree(
                    () -> Canaries.usersPlainDecrement(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final UsersRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void getter() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Users_02_GetRacesFree.NAMES.of(acted, RACE.observe(s));
    }
}
