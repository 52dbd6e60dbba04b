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
 * Two marked skbs, each the last holder of a different page of one pool, are freed at once: both pages are pushed
 * onto the pool's cache at once, and neither push may be lost (a lost one leaves its page neither cached nor in
 * flight: leaked from the pool's accounting).
 *
 * <pre>
 * outcome (freerA, freerB; pages not both recycled exactly once)
 * measured: 100 samples, jcstress -m sanity -sc false -time 200 -iters 1 in 2 JVM configurations, 2 cores, 2026-12-02
 *   name             tuple    expect      samples     freq  meaning
 *   recycled-both    1, 1, 0  ACCEPTABLE      100  100.00%  both released; each page in the cache once, no pp
 *                                                           reference, refcount 1
 *   other                     FORBIDDEN         0    0.00%  I-PP-1, I-PP-2: a push lost, a page recycled twice, or
 *                                                           a call failed
 * The canary (a push whose compare-and-set expects a head read after its node was linked) showed "other: 1, 1, 1"
 * (a page lost from the cache) in 34 of 57 samples at -time 200.
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t PagePool_02_TwoPagesRecycledAtOnce}
 */
@JCStressTest
@Outcome(id = "recycled-both", expect = ACCEPTABLE, desc = "both released; each page in the cache once, no pp "
        + "reference, refcount 1")
@Outcome(expect = FORBIDDEN, desc = "I-PP-1, I-PP-2: a push lost, a page recycled twice, or a call failed")
@State
public class PagePool_02_TwoPagesRecycledAtOnce {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("recycled-both", 1, 1, 0);
    public static final PagePoolRaces.TwoPagesRecycledAtOnce RACE =
            new PagePoolRaces.TwoPagesRecycledAtOnce(Races::impl);
    final PagePoolRaces.TwoPages s = RACE.setUpForRun();
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
