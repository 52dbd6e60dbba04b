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
 * Canary for {@link Users_01_TwoHoldersFree}: plain users decrement. Both read users 2 and write 1, so
 * neither releases ("0, 0"): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenUsers_01_PlainDecrement}
 */
@JCStressTest
@JCStressMeta(Users_01_TwoHoldersFree.class) // judged by its race's outcome table
@State
public class BrokenUsers_01_PlainDecrement {
    public static final UsersRaces.TwoHoldersFree RACE =
            new UsersRaces.TwoHoldersFree(
                    () -> Canaries.usersPlainDecrement(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final UsersRaces.Shared s = RACE.setUpForRun();
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
        r.r1 = Users_01_TwoHoldersFree.NAMES.of(acted, RACE.observe(s));
    }
}
