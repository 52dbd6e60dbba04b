package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Two threads build_skb on the same lines of one page at once, each with a page reference of its own.
 *
 * <pre>
 * outcome (rxA, rxB, headWhole, allFreed)
 * measured: 95,107 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name               tuple        expect      samples   freq  meaning
 *   a-built-b-refused  1, -1, 1, 1  ACCEPTABLE  19,724  20.74%  A's head built, B refused (B puts its page reference
 *                                                               back)
 *   b-built-a-refused  -1, 1, 1, 1  ACCEPTABLE  75,383  79.26%  B's head built, A refused
 *   other                           FORBIDDEN        0   0.00%  I-FRAG-4: two heads on one line of a page (both
 *                                                               built), neither built, or a page reference lost or
 *                                                               kept
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Geometry_02_TwoHeadsOnOneLine}
 */
@JCStressTest
@Outcome(id = "a-built-b-refused", expect = ACCEPTABLE, desc = "A's head built, B refused")
@Outcome(id = "b-built-a-refused", expect = ACCEPTABLE, desc = "B's head built, A refused")
@Outcome(expect = FORBIDDEN, desc = "I-FRAG-4: two heads on one line of a page, neither built, or a page "
        + "reference lost or kept")
@State
public class Geometry_02_TwoHeadsOnOneLine {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("a-built-b-refused", 1, -1, 1, 1)
            .and("b-built-a-refused", -1, 1, 1, 1);
    public static final GeometryRaces.TwoHeadsOnOneLine RACE = new GeometryRaces.TwoHeadsOnOneLine(Races::impl);
    final GeometryRaces.OnePage s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void rxA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void rxB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
