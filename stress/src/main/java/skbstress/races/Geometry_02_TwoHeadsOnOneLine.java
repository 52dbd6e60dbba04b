package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Two threads build_skb on the same lines of one page at once, each with a page reference of its own.
 *
 * <pre>
 * outcome (rxA, rxB, headWhole, allFreed)
 *   1, -1, 1, 1  ACCEPTABLE  A's head built, B refused (B puts its page reference back)
 *   -1, 1, 1, 1  ACCEPTABLE  B's head built, A refused
 *   other        FORBIDDEN   I-FRAG-4: two heads on one line of a page (both built), neither built, or a
 *                            page reference lost or kept
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Geometry_02_TwoHeadsOnOneLine}
 */
@JCStressTest
@Outcome(id = "1, -1, 1, 1", expect = ACCEPTABLE, desc = "A's head built, B refused")
@Outcome(id = "-1, 1, 1, 1", expect = ACCEPTABLE, desc = "B's head built, A refused")
@Outcome(expect = FORBIDDEN, desc = "I-FRAG-4: two heads on one line of a page, neither built, or a page "
        + "reference lost or kept")
@State
public class Geometry_02_TwoHeadsOnOneLine {
    public static final GeometryRaces.TwoHeadsOnOneLine RACE = new GeometryRaces.TwoHeadsOnOneLine(Races::impl);
    final GeometryRaces.OnePage s = RACE.setUp(false);

    @Actor
    public void rxA(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void rxB(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
