package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.EnumSet;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import skbstress.impl.Fault;

/**
 * Canary for {@link Users_02_GetRacesFree}: plain users decrement. The plain decrement can overwrite
 * the racing increment (users 1 after): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenUsers_02_PlainDecrement}
 */
@JCStressTest
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "the get and the free land in either order; users ends at 2 " +
        "(the getter holds both)")
@Outcome(expect = FORBIDDEN, desc = "I-USERS-3: a reference lost or invented (users after != 2), " +
        "or the free released a held skb")
@State
public class BrokenUsers_02_PlainDecrement {
    public static final UsersRaces.GetRacesFree RACE =
            new UsersRaces.GetRacesFree(EnumSet.of(Fault.PLAIN_USERS_DECREMENT));
    final UsersRaces.Shared s = RACE.setUp(false);

    @Actor
    public void getter(III_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void freer(III_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(III_Result r) {
        int[] seen = RACE.settle(s);
        r.r3 = seen[0];
    }
}
