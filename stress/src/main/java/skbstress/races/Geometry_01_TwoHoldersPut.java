package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Two holders put four bytes into one skb at once (users 2), a misuse: the kernel lets one context edit
 * an skb. Each put goes through whole, or, when they meet, one is refused (CONCURRENT_USE) and changes
 * nothing; never a lost or torn update.
 *
 * <pre>
 * outcome (putterA, putterB, len, whole)   1 went through, -1 refused; whole: the bytes are the puts' own
 * measured: 103,179 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name               tuple       expect      samples   freq  meaning
 *   puts-did-not-meet  1, 1, 8, 1  ACCEPTABLE  83,620  81.04%  both went through 1, -1, 4, 1   INTERESTING  they met:
 *                                                              putterB refused (P-SKB-1) -1, 1, 4, 1   INTERESTING
 *                                                              they met: putterA refused (P-SKB-1)
 *   other                          FORBIDDEN        0   0.00%  I-GEOM-2: a lost or torn put
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Geometry_01_TwoHoldersPut}
 */
@JCStressTest
@Outcome(id = "puts-did-not-meet", expect = ACCEPTABLE, desc = "the puts did not meet: both went through, len 8, " +
        "bytes whole")
@Outcome(id = "puts-met-b-refused", expect = ACCEPTABLE_INTERESTING, desc = "interesting: P-SKB-1: the puts met; " +
        "putterB was refused (CONCURRENT_USE) and changed nothing")
@Outcome(id = "puts-met-a-refused", expect = ACCEPTABLE_INTERESTING, desc = "interesting: P-SKB-1: the puts met; " +
        "putterA was refused (CONCURRENT_USE) and changed nothing")
@Outcome(expect = FORBIDDEN, desc = "I-GEOM-2: a lost or torn put (len or bytes wrong), or something left alive")
@State
public class Geometry_01_TwoHoldersPut {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("puts-did-not-meet", 1, 1, 8, 1)
            .and("puts-met-b-refused", 1, -1, 4, 1)
            .and("puts-met-a-refused", -1, 1, 4, 1);
    public static final GeometryRaces.TwoHoldersPut RACE =
            new GeometryRaces.TwoHoldersPut(Races::impl);
    final GeometryRaces.Held s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void putterA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void putterB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
