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
 * Two drivers release their own buffers at once, each the last reference: each free function runs once,
 * before its own release returns, whatever the other thread's release does meanwhile.
 *
 * <pre>
 * outcome (driverA, driverB, freeFunctionCalls, allFreed)
 *   3, 3, 2, 1  ACCEPTABLE  each release accepted (1) with its free function already run (+2); two calls in
 *                           all; everything freed
 *   other       FORBIDDEN   I-ZCDRV-1: a free function left for later (another thread's bookkeeping hid it),
 *                           run twice, or never
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t ZeroCopy_05_TwoBuffersReleasedAtOnce}
 */
@JCStressTest
@Outcome(id = "3, 3, 2, 1", expect = ACCEPTABLE, desc = "each release accepted with its free function already "
        + "run; two calls in all; everything freed")
@Outcome(expect = FORBIDDEN, desc = "I-ZCDRV-1: a free function left for later, run twice, or never")
@State
public class ZeroCopy_05_TwoBuffersReleasedAtOnce {
    public static final ZeroCopyRaces.TwoBuffersReleasedAtOnce RACE =
            new ZeroCopyRaces.TwoBuffersReleasedAtOnce(Races::impl);
    final ZeroCopyRaces.TwoBuffers s = RACE.setUp(false);

    @Actor
    public void driverA(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void driverB(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
