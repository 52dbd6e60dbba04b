package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Two holders put four bytes into one skb at once (users 2), a misuse: the kernel lets one context edit
 * an skb. Each put goes through whole, or, when they meet, one is refused (CONCURRENT_USE) and changes
 * nothing; never a lost or torn update.
 *
 * <pre>
 * outcome (putterA, putterB, len, whole)   1 went through, -1 refused; whole: the bytes are the puts' own
 *   1, 1, 8, 1    ACCEPTABLE   both went through
 *   1, -1, 4, 1   INTERESTING  they met: putterB refused (P-SKB-1)
 *   -1, 1, 4, 1   INTERESTING  they met: putterA refused (P-SKB-1)
 *   other         FORBIDDEN    I-GEOM-2: a lost or torn put
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Geometry_01_TwoHoldersPut}
 */
@JCStressTest
@Outcome(id = "1, 1, 8, 1", expect = ACCEPTABLE, desc = "the puts did not meet: both went through, len 8, bytes whole")
@Outcome(id = "1, -1, 4, 1", expect = ACCEPTABLE_INTERESTING, desc = "interesting: P-SKB-1: the puts met; " +
        "putterB was refused (CONCURRENT_USE) and changed nothing")
@Outcome(id = "-1, 1, 4, 1", expect = ACCEPTABLE_INTERESTING, desc = "interesting: P-SKB-1: the puts met; " +
        "putterA was refused (CONCURRENT_USE) and changed nothing")
@Outcome(expect = FORBIDDEN, desc = "I-GEOM-2: a lost or torn put (len or bytes wrong), or something left alive")
@State
public class Geometry_01_TwoHoldersPut {
    public static final GeometryRaces.TwoHoldersPut RACE =
            new GeometryRaces.TwoHoldersPut(Races::impl);
    final GeometryRaces.Held s = RACE.setUp(false);

    @Actor
    public void putterA(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void putterB(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
