package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.EnumSet;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import skbstress.api.SkbConfig;
import skbstress.impl.Fault;
import skbstress.impl.SkbImpl;

/**
 * Canary for {@link Users_01_TwoHoldersFree}: users decremented with a plain read-modify-write. Both
 * holders read 2 and write 1, so neither releases the skb ("0, 0"): this test must fail.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenUsers_01_PlainDecrement}
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "holderA's free found users 1 and released it")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "holderB's free found users 1 and released it")
@Outcome(expect = FORBIDDEN, desc = "I-USERS-2: released by neither (leaked) or by both (double free)")
@State
public class BrokenUsers_01_PlainDecrement {
    static final SkbImpl OPS = new SkbImpl(SkbConfig.UNBOUNDED, EnumSet.of(Fault.PLAIN_USERS_DECREMENT), false);
    final long skb;

    public BrokenUsers_01_PlainDecrement() {
        skb = OPS.allocSkb(64, false);
        OPS.get(skb);
    }

    @Actor
    public void holderA(II_Result r) {
        r.r1 = OPS.free(skb) ? 1 : 0;
    }

    @Actor
    public void holderB(II_Result r) {
        r.r2 = OPS.free(skb) ? 1 : 0;
    }
}
