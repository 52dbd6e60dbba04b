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
 * One holder linearizes an skb with a paged frag while another reads its clone and frees it: both read all their
 * bytes, and the frag's page is released exactly once, by whichever of the two lets go of it last.
 *
 * <pre>
 * outcome (linearizer, freer; page left)
 * measured: 115 samples, jcstress -m sanity -sc false -time 200 -iters 1 in 2 JVM configurations, 2 cores, 2026-12-02,
 *   every one linear-once; the canary BrokenLinearize_01 showed "other: 1, 0, 0" (the clone read its frag after the
 *   page was gone) in 6 of 20 and 11 of 63 samples of the same run.
 *   name         tuple    expect      meaning
 *   linear-once  1, 1, 0  ACCEPTABLE  the skb reads its 72 bytes linear, the clone read its own and was released,
 *                                     the page went once
 *   other                 FORBIDDEN   I-GEOM-7, I-DATA-3: bytes lost, or the page leaked or released twice
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Linearize_01_CloneFreedWhileLinearized}
 */
@JCStressTest
@Outcome(id = "linear-once", expect = ACCEPTABLE, desc = "the skb reads its 72 bytes linear, the clone read its "
        + "own and was released, the page went once")
@Outcome(expect = FORBIDDEN, desc = "I-GEOM-7, I-DATA-3: bytes lost, or the page leaked or released twice")
@State
public class Linearize_01_CloneFreedWhileLinearized {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("linear-once", 1, 1, 0);
    public static final LinearizeRaces.CloneFreedWhileLinearized RACE =
            new LinearizeRaces.CloneFreedWhileLinearized(Races::impl);
    final LinearizeRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void linearizer() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
