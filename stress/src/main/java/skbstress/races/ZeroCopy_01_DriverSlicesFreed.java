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
 * Four zero-copy skbs over one driver buffer (the driver's reference already dropped) freed on two
 * threads, two each, in the order given.
 *
 * <pre>
 * outcome (rxQueueA, rxQueueB, freeFunctionCalls, freesStartedAtCall)
 *   1, 1, 1, 4  ACCEPTABLE  every free released its skb; the free function ran once, after all four frees had
 *                           started
 *   other       FORBIDDEN   I-ZCDRV-1: the free function ran never, twice, or before the last slice was freed
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t ZeroCopy_01_DriverSlicesFreed}
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 4", expect = ACCEPTABLE, desc = "every free released its skb; the free function ran once, " +
        "after all four frees had started")
@Outcome(expect = FORBIDDEN, desc = "I-ZCDRV-1: the free function ran never, twice, or before the" +
        " last slice was freed")
@State
public class ZeroCopy_01_DriverSlicesFreed {
    public static final ZeroCopyRaces.DriverSlicesFreed RACE =
            new ZeroCopyRaces.DriverSlicesFreed(Races::impl);
    final ZeroCopyRaces.Slices s = RACE.setUp(false);

    @Actor
    public void rxQueueA(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void rxQueueB(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
