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
 * Two drivers release their own buffers at once, each the last reference: each free function runs once,
 * before its own release returns, whatever the other thread's release does meanwhile.
 *
 * <pre>
 * outcome (driverA, driverB, freeFunctionCalls, allFreed)
 * measured: 491,031 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                     tuple       expect      samples     freq  meaning
 *   each-ran-in-its-release  3, 3, 2, 1  ACCEPTABLE  491,031  100.00%  each release accepted (1) with its free
 *                                                                      function already run (+2); two calls in all;
 *                                                                      everything freed
 *   other                                FORBIDDEN         0    0.00%  I-ZCDRV-1: a free function left for later
 *                                                                      (another thread's bookkeeping hid it), run
 *                                                                      twice, or never
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t ZeroCopy_05_TwoBuffersReleasedAtOnce}
 */
@JCStressTest
@Outcome(id = "each-ran-in-its-release", expect = ACCEPTABLE, desc = "each release accepted with its free " +
        "function already "
        + "run; two calls in all; everything freed")
@Outcome(expect = FORBIDDEN, desc = "I-ZCDRV-1: a free function left for later, run twice, or never")
@State
public class ZeroCopy_05_TwoBuffersReleasedAtOnce {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("each-ran-in-its-release", 3, 3, 2, 1);
    public static final ZeroCopyRaces.TwoBuffersReleasedAtOnce RACE =
            new ZeroCopyRaces.TwoBuffersReleasedAtOnce(Races::impl);
    final ZeroCopyRaces.TwoBuffers s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void driverA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void driverB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
