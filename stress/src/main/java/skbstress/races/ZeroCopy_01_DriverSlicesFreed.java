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
 * Four zero-copy skbs over one driver buffer (the driver's reference already dropped) freed on two
 * threads, two each, in the order given.
 *
 * <pre>
 * outcome (rxQueueA, rxQueueB, freeFunctionCalls, freesStartedAtCall)
 * measured: 869,241 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                      tuple       expect      samples     freq  meaning
 *   one-call-after-last-free  1, 1, 1, 4  ACCEPTABLE  869,241  100.00%  every free released its skb; the free
 *                                                                       function ran once, after all four frees had
 *                                                                       started
 *   other                                 FORBIDDEN         0    0.00%  I-ZCDRV-1: the free function ran never,
 *                                                                       twice, or before the last slice was freed
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t ZeroCopy_01_DriverSlicesFreed}
 */
@JCStressTest
@Outcome(id = "one-call-after-last-free", expect = ACCEPTABLE, desc = "every free released its skb; the free " +
        "function ran once, after all four frees had started")
@Outcome(expect = FORBIDDEN, desc = "I-ZCDRV-1: the free function ran never, twice, or before the" +
        " last slice was freed")
@State
public class ZeroCopy_01_DriverSlicesFreed {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("one-call-after-last-free", 1, 1, 1, 4);
    public static final ZeroCopyRaces.DriverSlicesFreed RACE =
            new ZeroCopyRaces.DriverSlicesFreed(Races::impl);
    final ZeroCopyRaces.Slices s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void rxQueueA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void rxQueueB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
