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
 * Two marked skbs each hold a pp reference on one pool page (a frag of one, and the frag skb_pp_frag_ref made when
 * a clone of it was coalesced into the other); both are freed at once. Exactly one napi_pp_put_page is the last,
 * and it recycles the page into the pool's cache once, with refcount 1; the next allocation reuses it.
 *
 * <pre>
 * outcome (freerA, freerB; page not recycled exactly once)
 * measured: 5817 samples (3239 and 2578), jcstress -m sanity -sc false -time 1000 -iters 1 in 2 JVM configurations,
 *   2 cores, 2026-12-02 (126 samples at -time 200)
 *   name             tuple    expect      samples     freq  meaning
 *   recycled-once    1, 1, 0  ACCEPTABLE     5817  100.00%  both released; the page is in the cache once, no pp
 *                                                           reference, refcount 1
 *   other                     FORBIDDEN         0    0.00%  I-PP-1, I-PP-2: the page leaked in flight, recycled
 *                                                           twice, or a call failed
 * The canary (a structure's pp reference dropped by a plain read, then a write) showed "other: 1, 1, 1" (the page
 * left in flight) in 143 of 601 samples at -time 1000 (82 of 311, 61 of 290) and in 24 of 83 at -time 200.
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t PagePool_01_TwoHoldersDropAtOnce}
 */
@JCStressTest
@Outcome(id = "recycled-once", expect = ACCEPTABLE, desc = "both released; the page is in the cache once, no pp "
        + "reference, refcount 1")
@Outcome(expect = FORBIDDEN, desc = "I-PP-1, I-PP-2: the page leaked in flight, recycled twice, or a call failed")
@State
public class PagePool_01_TwoHoldersDropAtOnce {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("recycled-once", 1, 1, 0);
    public static final PagePoolRaces.TwoHoldersDropAtOnce RACE = new PagePoolRaces.TwoHoldersDropAtOnce(Races::impl);
    final PagePoolRaces.Shared s = RACE.setUpForRun();
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
