package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The ABA pattern on the depot (objects 1, 2, 3 on it, 1 on top): a victim pops while an interferer
 * pops twice and pushes the first back.
 *
 * <pre>
 * outcome (victim, interferer, allAccountedOnce)
 *   1, 3, 1  ACCEPTABLE  the victim popped first: it got 1; the interferer popped 2 and 3, pushed 2 back, kept
 *                        3
 *   1, 2, 1  ACCEPTABLE  the interferer went first: popped 1 and 2, pushed 1 back, kept 2; the victim then got
 *                        1
 *   2, 3, 1  ACCEPTABLE  the victim popped 2 between the interferer's pops of 1 and 3
 *   3, 2, 1  ACCEPTABLE  the victim popped 3 after the interferer popped 1 and 2, before it pushed 1 back
 *   other    FORBIDDEN   I-SLAB-1: an object handed out twice or lost (the ABA a tagged head prevents)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_02_AbaPopPopPush}
 */
@JCStressTest
@Outcome(id = "1, 3, 1", expect = ACCEPTABLE, desc = "the victim popped first: it got 1; the interferer popped 2 " +
        "and 3, pushed 2 back, kept 3")
@Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "the interferer went first: popped 1 and 2, pushed 1 back, " +
        "kept 2; the victim then got 1")
@Outcome(id = "2, 3, 1", expect = ACCEPTABLE, desc = "the victim popped 2 between the interferer's pops of 1 and 3")
@Outcome(id = "3, 2, 1", expect = ACCEPTABLE, desc = "the victim popped 3 after the interferer popped 1 and 2, " +
        "before it pushed 1 back")
@Outcome(expect = FORBIDDEN, desc = "I-SLAB-1: an object handed out twice or lost (the ABA a " +
        "tagged head prevents)")
@State
public class Slab_02_AbaPopPopPush {
    public static final SlabRaces.AbaPopPopPush RACE =
            new SlabRaces.AbaPopPopPush(SlabRaces::depot);
    final SlabRaces.Stack s = RACE.setUp(false);

    @Actor
    public void victim(III_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void interferer(III_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(III_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
    }
}
