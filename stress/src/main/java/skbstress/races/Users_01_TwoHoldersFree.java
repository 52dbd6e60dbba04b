package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import skbstress.impl.SkbImpl;

/**
 * Two holders of an skb with users == 2 free it at the same time: exactly one of them releases it
 * (I-USERS-2). The model: whichever free comes second finds users == 1 and releases.
 *
 * <pre>
 * outcome (holderA released, holderB released)
 *   1, 0   A's free was the last                ACCEPTABLE
 *   0, 1   B's free was the last                ACCEPTABLE
 *   other  released by none (leak) or by both   FORBIDDEN  I-USERS-2
 * </pre>
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Users_01_TwoHoldersFree}
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "holderA's free found users 1 and released it")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "holderB's free found users 1 and released it")
@Outcome(expect = FORBIDDEN, desc = "I-USERS-2: released by neither (leaked) or by both (double free)")
@State
public class Users_01_TwoHoldersFree {
    static final SkbImpl OPS = new SkbImpl();
    final long skb;

    public Users_01_TwoHoldersFree() {
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
