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
 * The ABA pattern on the depot (objects 1, 2, 3 on it, 1 on top): a victim pops while an interferer
 * pops twice and pushes the first back.
 *
 * <pre>
 * outcome (victim, interferer, allAccountedOnce)
 * measured: 3,735,920 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                     tuple    expect        samples    freq  meaning
 *   victim-first             1, 3, 1  ACCEPTABLE    124,578   3.33%  the victim popped first: it got 1; the
 *                                                                    interferer popped 2 and 3, pushed 2 back, kept 3
 *   interferer-first         1, 2, 1  ACCEPTABLE  3,522,907  94.30%  the interferer went first: popped 1 and 2,
 *                                                                    pushed 1 back, kept 2; the victim then got 1
 *   victim-between-pops      2, 3, 1  ACCEPTABLE     38,434   1.03%  the victim popped 2 between the interferer's
 *                                                                    pops of 1 and 3
 *   victim-before-push-back  3, 2, 1  ACCEPTABLE     50,001   1.34%  the victim popped 3 after the interferer popped
 *                                                                    1 and 2, before it pushed 1 back
 *   other                             FORBIDDEN           0   0.00%  I-SLAB-1: an object handed out twice or lost
 *                                                                    (the ABA a tagged head prevents)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_02_AbaPopPopPush}
 */
@JCStressTest
@Outcome(id = "victim-first", expect = ACCEPTABLE, desc = "the victim popped first: it got 1; the interferer " +
        "popped 2 and 3, pushed 2 back, kept 3")
@Outcome(id = "interferer-first", expect = ACCEPTABLE, desc = "the interferer went first: popped 1 and 2, pushed " +
        "1 back, kept 2; the victim then got 1")
@Outcome(id = "victim-between-pops", expect = ACCEPTABLE, desc = "the victim popped 2 between the interferer's " +
        "pops of 1 and 3")
@Outcome(id = "victim-before-push-back", expect = ACCEPTABLE, desc = "the victim popped 3 after the interferer " +
        "popped 1 and 2, before it pushed 1 back")
@Outcome(expect = FORBIDDEN, desc = "I-SLAB-1: an object handed out twice or lost (the ABA a " +
        "tagged head prevents)")
@State
public class Slab_02_AbaPopPopPush {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("victim-first", 1, 3, 1)
            .and("interferer-first", 1, 2, 1)
            .and("victim-between-pops", 2, 3, 1)
            .and("victim-before-push-back", 3, 2, 1);
    public static final SlabRaces.AbaPopPopPush RACE =
            new SlabRaces.AbaPopPopPush(SlabRaces::depot);
    final SlabRaces.Stack s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void victim() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void interferer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
