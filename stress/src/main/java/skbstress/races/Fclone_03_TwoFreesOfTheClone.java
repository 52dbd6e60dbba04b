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
 * Two threads free the fast clone (skb2 of a pair, users 1), a misuse: exactly one free releases it,
 * fclone_ref is 1 again, and the pair returns to its cache once when ORIG goes.
 *
 * <pre>
 * outcome (freerA, freerB, fcloneRef, quiet)
 * measured: 113,367 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                  tuple        expect      samples    freq  meaning
 *   a-released-b-refused  1, -1, 1, 1  ACCEPTABLE    5,696   5.02%  freerA released skb2, freerB refused
 *                                                                   (DOUBLE_FREE)
 *   b-released-a-refused  -1, 1, 1, 1  ACCEPTABLE  107,671  94.98%  freerB released skb2, freerA refused
 *                                                                   (DOUBLE_FREE)
 *   other                              FORBIDDEN         0   0.00%  I-FCLONE-1: skb2 released twice or never, or the
 *                                                                   pair not returned once
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Fclone_03_TwoFreesOfTheClone}
 */
@JCStressTest
@Outcome(id = "a-released-b-refused", expect = ACCEPTABLE, desc = "freerA's free released skb2; freerB's was " +
        "refused; fclone_ref is 1")
@Outcome(id = "b-released-a-refused", expect = ACCEPTABLE, desc = "freerB's free released skb2; freerA's was " +
        "refused; fclone_ref is 1")
@Outcome(expect = FORBIDDEN, desc = "I-FCLONE-1: skb2 released twice or never (fclone_ref not 1), or the pair " +
        "not returned once")
@State
public class Fclone_03_TwoFreesOfTheClone {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("a-released-b-refused", 1, -1, 1, 1)
            .and("b-released-a-refused", -1, 1, 1, 1);
    public static final FcloneRaces.TwoFreesOfTheClone RACE =
            new FcloneRaces.TwoFreesOfTheClone(Races::impl);
    final FcloneRaces.Pair s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void freerA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freerB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
