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
 * skb_try_coalesce of a cloned, paged {@code from} into {@code to} while another thread frees from's clone:
 * whichever comes first, to ends with both frags, each page's count exactly 1, and freeing to frees both pages.
 *
 * <pre>
 * outcome (coalescer, freer; pages not exact after)
 * measured: 4762 samples (2509 and 2253), jcstress -m sanity -sc false -time 1000 -iters 1 in 2 JVM configurations,
 *   2 cores, 2026-12-02 (32 samples at -time 200)
 *   name          tuple    expect      samples     freq  meaning
 *   pages-exact   1, 1, 0  ACCEPTABLE     4762  100.00%  coalesced, the clone released, every page referenced once by to
 *   other                  FORBIDDEN         0    0.00%  I-FRAG-5: a page reference lost or leaked, or a call failed
 * The canary (from's data reference dropped before to's frag references are taken) showed "other: 1, 1, 1" in 29% of
 * its samples in the -time 1000 run (73 of 247, 50 of 182), and in 2 of 24 at -time 200.
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Coalesce_01_ClonedFromRacesCloneFree}
 */
@JCStressTest
@Outcome(id = "pages-exact", expect = ACCEPTABLE, desc = "coalesced, the clone released, every page referenced once "
        + "by to")
@Outcome(expect = FORBIDDEN, desc = "I-FRAG-5: a page reference lost or leaked, or a call failed")
@State
public class Coalesce_01_ClonedFromRacesCloneFree {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("pages-exact", 1, 1, 0);
    public static final CoalesceRaces.ClonedFromRacesCloneFree RACE =
            new CoalesceRaces.ClonedFromRacesCloneFree(Races::impl);
    final CoalesceRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void coalescer() {
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
