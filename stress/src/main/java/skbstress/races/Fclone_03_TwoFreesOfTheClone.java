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
 * Two threads free the fast clone (skb2 of a pair, users 1), a misuse: exactly one free releases it,
 * fclone_ref is 1 again, and the pair returns to its cache once when ORIG goes.
 *
 * <pre>
 * outcome (freerA, freerB, fcloneRef, quiet)
 *   1, -1, 1, 1   ACCEPTABLE  freerA released skb2, freerB refused (DOUBLE_FREE)
 *   -1, 1, 1, 1   ACCEPTABLE  freerB released skb2, freerA refused (DOUBLE_FREE)
 *   other         FORBIDDEN   I-FCLONE-1: skb2 released twice or never, or the pair not returned once
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Fclone_03_TwoFreesOfTheClone}
 */
@JCStressTest
@Outcome(id = "1, -1, 1, 1", expect = ACCEPTABLE, desc = "freerA's free released skb2; freerB's was refused; " +
        "fclone_ref is 1")
@Outcome(id = "-1, 1, 1, 1", expect = ACCEPTABLE, desc = "freerB's free released skb2; freerA's was refused; " +
        "fclone_ref is 1")
@Outcome(expect = FORBIDDEN, desc = "I-FCLONE-1: skb2 released twice or never (fclone_ref not 1), or the pair " +
        "not returned once")
@State
public class Fclone_03_TwoFreesOfTheClone {
    public static final FcloneRaces.TwoFreesOfTheClone RACE =
            new FcloneRaces.TwoFreesOfTheClone(Races::impl);
    final FcloneRaces.Pair s = RACE.setUp(false);

    @Actor
    public void freerA(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void freerB(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
